import { randomUUID } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/** A GGUF metadata value with its wire type (GGUF v3 value types). */
export type GgufValue =
  | { readonly type: 'u32'; readonly value: number }
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'f32'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'string[]'; readonly value: readonly string[] }
  | { readonly type: 'i32[]'; readonly value: readonly number[] }
  | { readonly type: 'f32[]'; readonly value: readonly number[] };

/** ggml tensor types this writer knows the block layout of. */
export type GgmlType = 'F32' | 'F16' | 'Q8_0' | 'MXFP4';

const TYPE_ID: Record<GgmlType, number> = { F32: 0, F16: 1, Q8_0: 8, MXFP4: 39 };
/** [elements per block, bytes per block] */
const BLOCK: Record<GgmlType, readonly [number, number]> = { F32: [1, 4], F16: [1, 2], Q8_0: [32, 34], MXFP4: [32, 17] };

export interface GgufTensor {
  readonly name: string;
  /** ggml order: `shape[0]` is the innermost (contiguous) dimension, i.e. a matrix's input size. */
  readonly shape: readonly number[];
  readonly type: GgmlType;
  /** The tensor's bytes, in chunks (lazy so multi-GB files never sit in memory). */
  readonly chunks: () => Iterable<Uint8Array>;
}

const ALIGNMENT = 32;

/** Bytes a tensor of this shape and type occupies. */
export function tensorByteLength(type: GgmlType, shape: readonly number[]): number {
  const [perBlock, blockBytes] = BLOCK[type];
  const elements = shape.reduce((a, b) => a * b, 1);
  if (shape[0]! % perBlock !== 0) throw new Error(`${type} rows must be a multiple of ${perBlock}`);
  return (elements / perBlock) * blockBytes;
}

/**
 * Writes a GGUF v3 file: header, metadata key/values, tensor infos, then each tensor's data
 * aligned to 32 bytes. Written to a temporary name and renamed, so readers never see half a file.
 */
export function writeGguf(path: string, metadata: Readonly<Record<string, GgufValue>>, tensors: readonly GgufTensor[]): void {
  const head = new ByteSink();
  head.raw(Buffer.from('GGUF', 'latin1'));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  for (const tensor of tensors) {
    head.str(tensor.name);
    head.u32(tensor.shape.length);
    for (const dim of tensor.shape) head.u64(dim);
    head.u32(TYPE_ID[tensor.type]);
    head.u64(offset);
    offset = align(offset + tensorByteLength(tensor.type, tensor.shape));
  }
  head.raw(new Uint8Array(align(head.length) - head.length));
  const temporary = `${path}.${randomUUID()}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, head.bytes());
    for (const tensor of tensors) writeTensor(fd, tensor);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
}

function writeTensor(fd: number, tensor: GgufTensor): void {
  const expected = tensorByteLength(tensor.type, tensor.shape);
  let written = 0;
  for (const chunk of tensor.chunks()) written += writeSync(fd, chunk);
  if (written !== expected) throw new Error(`tensor ${tensor.name}: wrote ${written} bytes, expected ${expected}`);
  writeSync(fd, new Uint8Array(align(written) - written));
}

const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case 'u32': sink.u32(VALUE_TYPE.u32); return sink.u32(value.value);
    case 'i32': sink.u32(VALUE_TYPE.i32); return sink.i32(value.value);
    case 'f32': sink.u32(VALUE_TYPE.f32); return sink.f32(value.value);
    case 'bool': sink.u32(VALUE_TYPE.bool); return sink.u8(value.value ? 1 : 0);
    case 'string': sink.u32(VALUE_TYPE.string); return sink.str(value.value);
    case 'string[]': return writeArray(sink, VALUE_TYPE.string, value.value, (s) => sink.str(s));
    case 'i32[]': return writeArray(sink, VALUE_TYPE.i32, value.value, (n) => sink.i32(n));
    case 'f32[]': return writeArray(sink, VALUE_TYPE.f32, value.value, (n) => sink.f32(n));
  }
}

function writeArray<T>(sink: ByteSink, elementType: number, items: readonly T[], write: (item: T) => void): void {
  sink.u32(VALUE_TYPE.array);
  sink.u32(elementType);
  sink.u64(items.length);
  for (const item of items) write(item);
}

function align(n: number): number {
  return Math.ceil(n / ALIGNMENT) * ALIGNMENT;
}

/** A growable little-endian byte buffer for the header. */
class ByteSink {
  private readonly parts: Buffer[] = [];
  length = 0;

  raw(bytes: Uint8Array): void {
    this.parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.length += bytes.byteLength;
  }
  u8(n: number): void { this.fixed(1, (b) => b.writeUInt8(n)); }
  u32(n: number): void { this.fixed(4, (b) => b.writeUInt32LE(n)); }
  i32(n: number): void { this.fixed(4, (b) => b.writeInt32LE(n)); }
  f32(n: number): void { this.fixed(4, (b) => b.writeFloatLE(n)); }
  u64(n: number): void { this.fixed(8, (b) => b.writeBigUInt64LE(BigInt(n))); }
  str(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.byteLength);
    this.raw(bytes);
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
  private fixed(size: number, write: (b: Buffer) => void): void {
    const b = Buffer.alloc(size);
    write(b);
    this.raw(b);
  }
}
