// Reads and writes ONNX ModelProto bytes with protobufjs and the schema in ./onnx.proto, so the
// bytes follow the official field numbers rather than hand-assembled wire format.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

/** `onnx.StringStringEntryProto`. */
export interface OnnxEntry {
  readonly key: string;
  readonly value: string;
}

/** `onnx.TensorProto` as this project writes it: element bytes in `raw_data`. */
export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data_type: number;
  readonly raw_data: Uint8Array;
}

/** `onnx.AttributeProto`, integer kinds only (all the graph needs). */
export interface OnnxAttribute {
  readonly name: string;
  readonly type: number;
  readonly i?: number;
  readonly ints?: readonly number[];
}

export interface OnnxNode {
  readonly name: string;
  readonly op_type: string;
  readonly input: readonly string[];
  readonly output: readonly string[];
  readonly attribute?: readonly OnnxAttribute[];
}

/** `onnx.ValueInfoProto` of a tensor; a string dimension is symbolic (the batch size). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type: { readonly tensor_type: { readonly elem_type: number; readonly shape: { readonly dim: readonly OnnxDim[] } } };
}

export type OnnxDim = { readonly dim_value: number } | { readonly dim_param: string };

export interface OnnxGraph {
  readonly name: string;
  readonly node: readonly OnnxNode[];
  readonly initializer: readonly OnnxTensor[];
  readonly input: readonly OnnxValueInfo[];
  readonly output: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly ir_version: number;
  readonly opset_import: readonly { readonly domain: string; readonly version: number }[];
  readonly producer_name: string;
  readonly producer_version: string;
  readonly doc_string?: string;
  readonly graph: OnnxGraph;
  readonly metadata_props: readonly OnnxEntry[];
}

/** `TensorProto.DataType` values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;
/** `AttributeProto.AttributeType` values used here. */
export const ONNX_ATTR_INT = 2;
export const ONNX_ATTR_INTS = 7;

let modelType: protobuf.Type | undefined;

function modelProto(): protobuf.Type {
  if (!modelType) {
    const source = readFileSync(new URL('./onnx.proto', import.meta.url), 'utf8');
    modelType = protobuf.parse(source, { keepCase: true }).root.lookupType('onnx.ModelProto');
  }
  return modelType;
}

/** Serialises a model; throws when the object does not fit the schema. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const type = modelProto();
  const problem = type.verify(model);
  if (problem) throw new TypeError(`not a valid onnx.ModelProto: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** The model's `metadata_props`; throws when the bytes are not a protobuf ModelProto. */
export function decodeMetadataProps(bytes: Uint8Array): OnnxEntry[] {
  const decoded = modelProto().toObject(modelProto().decode(bytes), { defaults: false, longs: Number });
  const props = (decoded['metadata_props'] ?? []) as { key?: string; value?: string }[];
  return props.map((entry) => ({ key: entry.key ?? '', value: entry.value ?? '' }));
}
