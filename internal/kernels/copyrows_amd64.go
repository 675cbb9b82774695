package kernels

//go:generate go run -C asm ./copyrows -out ../copyrows_amd64.s

// copyRowsAVX2 copies rows rows of nb bytes (a multiple of 4) from src (rows
// ls bytes apart) to dst (rows ld bytes apart), in copyrows_amd64.s, which
// asm/copyrows generates with avo. Only the base pointers are used: the
// caller (copyRows) has checked the bounds.
//
//go:noescape
func copyRowsAVX2(dst []byte, ld int, src []byte, ls int, rows, nb int)
