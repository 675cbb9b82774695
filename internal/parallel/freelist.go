package parallel

import "sync"

// FreeList keeps values for reuse across calls, so that a training step
// allocates nothing once warm. Unlike sync.Pool it is never emptied by the
// garbage collector (after which a step would allocate again). It is safe
// for concurrent use; the zero value is empty and ready.
type FreeList[T any] struct {
	mu   sync.Mutex
	free []*T
}

// Get returns a value from the list, or a new zero one when it is empty.
func (l *FreeList[T]) Get() *T {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.free); n > 0 {
		v := l.free[n-1]
		l.free[n-1] = nil
		l.free = l.free[:n-1]
		return v
	}
	return new(T)
}

// Put returns v to the list. v must not be used afterwards.
func (l *FreeList[T]) Put(v *T) {
	l.mu.Lock()
	l.free = append(l.free, v)
	l.mu.Unlock()
}
