package layers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/pkg/errors"
)

var layerType = reflect.TypeOf((*Layer)(nil)).Elem()

// node is a layer in a saved tree: its registered type name, whether the
// model held a pointer to it, and its exported fields.
type node struct {
	Type  string          `json:"type"`
	Ptr   bool            `json:"ptr,omitempty"`
	Value json.RawMessage `json:"value"`
}

// encodeLayer returns the JSON of the layer tree under l. Hyperparameters
// are the exported fields of a layer's struct, encoded recursively: a value
// of an interface type (a field of type Layer, an element of a []Layer) is
// written as a node with its registered type name, so that Load can
// rebuild it; anything else as encoding/json writes it. Unexported fields
// are not saved. It errors naming the layer's place in the tree when a
// layer's type is not registered or a field cannot be encoded (a func, a
// channel, an interface that is not a Layer).
func encodeLayer(l Layer) (json.RawMessage, error) {
	if err := registryErr(); err != nil {
		return nil, err
	}
	return encodeValue(reflect.ValueOf(&l).Elem(), "root")
}

func encodeValue(v reflect.Value, path string) (json.RawMessage, error) {
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return json.RawMessage("null"), nil
		}
		e := v.Elem()
		l, ok := e.Interface().(Layer)
		if !ok {
			return nil, errors.Errorf("layers: Save: %s holds a %s, which is not a Layer; only layers and plain values can be saved", path, e.Type())
		}
		t := baseType(l)
		name, ok := nameOf(t)
		if !ok {
			return nil, errors.Errorf("layers: Save: layer type %s (at %s) is not registered; call layers.Register(\"name\", %s{}) in an init function", e.Type(), path, t)
		}
		n := node{Type: name, Ptr: e.Kind() == reflect.Pointer}
		if n.Ptr && e.IsNil() {
			return nil, errors.Errorf("layers: Save: %s is a nil %s", path, e.Type())
		}
		if n.Ptr {
			e = e.Elem()
		}
		raw, err := encodeValue(e, path+"("+name+")")
		if err != nil {
			return nil, err
		}
		n.Value = raw
		return json.Marshal(n)
	case reflect.Pointer:
		if v.IsNil() {
			return json.RawMessage("null"), nil
		}
		return encodeValue(v.Elem(), path)
	case reflect.Struct:
		var b bytes.Buffer
		b.WriteByte('{')
		t := v.Type()
		first := true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			raw, err := encodeValue(v.Field(i), path+"."+f.Name)
			if err != nil {
				return nil, err
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			k, _ := json.Marshal(f.Name)
			b.Write(k)
			b.WriteByte(':')
			b.Write(raw)
		}
		b.WriteByte('}')
		return b.Bytes(), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return json.RawMessage("null"), nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return json.Marshal(v.Interface())
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			raw, err := encodeValue(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(raw)
		}
		b.WriteByte(']')
		return b.Bytes(), nil
	case reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return nil, errors.Errorf("layers: Save: %s is a %s, which cannot be saved; keep hyperparameters in plain fields, slices and structs", path, v.Type())
	}
	return json.Marshal(v.Interface())
}

// decodeLayer rebuilds the layer tree encodeLayer wrote.
func decodeLayer(raw json.RawMessage) (Layer, error) {
	if err := registryErr(); err != nil {
		return nil, err
	}
	var l Layer
	if err := decodeValue(raw, reflect.ValueOf(&l).Elem(), "root"); err != nil {
		return nil, err
	}
	if l == nil {
		return nil, errors.New("layers: Load: the file has no root layer")
	}
	return l, nil
}

func decodeValue(raw json.RawMessage, dst reflect.Value, path string) error {
	null := bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
	switch dst.Kind() {
	case reflect.Interface:
		if null {
			return nil
		}
		var n node
		if err := strict(raw, &n); err != nil {
			return errors.Wrapf(err, "layers: Load: %s", path)
		}
		t, ok := typeOf(n.Type)
		if !ok {
			return errors.Errorf("layers: Load: %s is a layer of type %q, which is not registered in this program (registered: %v)", path, n.Type, Registered())
		}
		p := reflect.New(t)
		if err := decodeValue(n.Value, p.Elem(), path+"("+n.Type+")"); err != nil {
			return err
		}
		v := p
		if !n.Ptr {
			v = p.Elem()
		}
		if !v.Type().AssignableTo(dst.Type()) {
			return errors.Errorf("layers: Load: %s: a %s cannot be stored in a field of type %s", path, v.Type(), dst.Type())
		}
		dst.Set(v)
		return nil
	case reflect.Pointer:
		if null {
			dst.SetZero()
			return nil
		}
		p := reflect.New(dst.Type().Elem())
		if err := decodeValue(raw, p.Elem(), path); err != nil {
			return err
		}
		dst.Set(p)
		return nil
	case reflect.Struct:
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return errors.Wrapf(err, "layers: Load: %s", path)
		}
		t := dst.Type()
		for name, fr := range fields {
			f, ok := t.FieldByName(name)
			if !ok || !f.IsExported() || len(f.Index) != 1 {
				return errors.Errorf("layers: Load: %s has no field %s (the file was written by another version of %s)", path, name, t)
			}
			if err := decodeValue(fr, dst.Field(f.Index[0]), path+"."+name); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		if dst.Type().Elem().Kind() == reflect.Uint8 || null {
			return errors.Wrapf(json.Unmarshal(raw, dst.Addr().Interface()), "layers: Load: %s", path)
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return errors.Wrapf(err, "layers: Load: %s", path)
		}
		if dst.Kind() == reflect.Slice {
			dst.Set(reflect.MakeSlice(dst.Type(), len(elems), len(elems)))
		} else if len(elems) != dst.Len() {
			return errors.Errorf("layers: Load: %s has %d elements, want %d", path, len(elems), dst.Len())
		}
		for i, e := range elems {
			if err := decodeValue(e, dst.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := json.Unmarshal(raw, dst.Addr().Interface()); err != nil {
		return errors.Wrapf(err, "layers: Load: %s", path)
	}
	return nil
}

// strict decodes raw into v, refusing unknown fields.
func strict(raw json.RawMessage, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	return d.Decode(v)
}
