// Package weights reads and writes named tensors in the files other
// frameworks use for weights: NumPy's .npz (a zip of .npy arrays, as
// numpy.savez and numpy.savez_compressed write them) and Hugging Face's
// safetensors. A PyTorch state_dict comes in and goes out through them.
//
// Tensors are handed around as []Named, an ordered list of {Name, Value}:
// nets' params and a layers.Store's entries convert to it field for field.
// Assign copies a file's tensors into a model's by name, checking names,
// dtypes and shapes first and changing nothing unless all match.
//
// # Formats
//
// .npz: every member must be a <name>.npy file, stored or deflated, in NPY
// format 1.0, 2.0 or 3.0, of dtype <f4, <f8 (little-endian float32 or
// float64) or >f4, >f8 (big-endian, converted on reading), in C or Fortran
// order (Fortran-order arrays are transposed into C order on reading).
// WriteNPZ writes stored members in NPY 1.0, little-endian, C order, each
// header padded to 64 bytes as NumPy pads it.
//
// safetensors: an 8-byte little-endian header length N, N bytes of JSON
// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__":
// {string: string}}, then the raw little-endian data; offsets count from
// the first byte after the header. Reading accepts dtypes F32 and F64, and
// I64 as int64 (PyTorch writes a batch norm's num_batches_tracked so; the
// writers never write int64), and refuses the others by name (BF16, F16, …). WriteSafetensors writes as
// the reference implementation does: tensors ordered by descending dtype
// alignment, then by name, packed with no gaps, the JSON header padded with
// spaces to a multiple of 8 bytes so that every tensor is aligned to its
// element size.
//
// # Nothing read is trusted
//
// A safetensors header length must fit in the file and in MaxHeaderBytes;
// the JSON must be one object with unique names, each entry holding
// exactly the fields above, none twice; every tensor's offsets must lie in the data section, tensors must
// not overlap and must cover the data section exactly, and each shape's
// element count (checked for overflow) times the element size must equal
// its byte length. An .npz member's claimed uncompressed size must be at
// most MaxBytes (also for all members together), at most what deflate can
// expand its compressed size to, and equal to its .npy header plus data;
// members are read incrementally, checked against their CRC-32, and names
// must be unique. An .npy header is at most MaxNPYHeaderBytes long and is
// parsed as a bounded Python literal, never evaluated.
//
// Every error on a malformed or unsupported file is a *FormatError naming
// the file, the tensor (or .npz member) and the byte offset; it wraps
// ErrFormat or ErrUnsupported.
package weights
