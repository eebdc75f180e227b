// Turns a trained network into ONNX bytes: the graph reads the sparse features as padded
// [batch, width] index/value tensors, gathers the matching weight rows and sums them, which is the
// exact computation of scoreVector in network.ts.
import { endianness } from 'node:os';
import {
  ONNX_ATTR_INT, ONNX_FLOAT, ONNX_INT32, ONNX_INT64, encodeModel,
  type OnnxEntry, type OnnxNode, type OnnxTensor, type OnnxValueInfo,
} from '../../plugins/triage-onnx/onnx-schema.js';
import { INDICES_INPUT, SCORE_OUTPUT, VALUES_INPUT, metadataEntries, type TriageModelMetadata } from '../../plugins/triage-onnx/model-metadata.js';
import type { LogisticNetwork, MlpNetwork, TriageNetwork } from './network.js';

const OPSET = 13;
const IR_VERSION = 7; // the IR version that introduced opset 13

export interface ExportOptions {
  readonly network: TriageNetwork;
  readonly metadata: TriageModelMetadata;
  /** More `metadata_props` (training summary); keys should start with `arbiter.`. */
  readonly extra?: readonly OnnxEntry[];
  readonly docString?: string;
}

/** Serialises the network and its metadata as an ONNX model (opset 13). */
export function exportOnnx(options: ExportOptions): Uint8Array {
  const { nodes, initializer } = options.network.kind === 'logistic' ? logisticGraph(options.network) : mlpGraph(options.network);
  return encodeModel({
    ir_version: IR_VERSION,
    opset_import: [{ domain: '', version: OPSET }],
    producer_name: 'arbiter',
    producer_version: '1.0.0',
    doc_string: options.docString ?? '',
    graph: {
      name: 'arbiter_triage',
      node: nodes,
      initializer,
      input: [tensorInfo(INDICES_INPUT, ONNX_INT32, ['batch', 'width']), tensorInfo(VALUES_INPUT, ONNX_FLOAT, ['batch', 'width'])],
      output: [tensorInfo(SCORE_OUTPUT, ONNX_FLOAT, ['batch'])],
    },
    metadata_props: [...metadataEntries(options.metadata), ...(options.extra ?? [])],
  });
}

interface Subgraph {
  readonly nodes: OnnxNode[];
  readonly initializer: OnnxTensor[];
}

const GATHER_ROWS = [{ name: 'axis', type: ONNX_ATTR_INT, i: 0 }];

// With IDF the network reads x = idf∘tf / ‖idf∘tf‖. The IDF is folded into the first-layer
// weights (w·x = (w∘idf)·tf / ‖idf∘tf‖), so the graph only adds the row norm and divides the
// [batch] or [batch, hidden] sums by it instead of every [batch, width] value. Padding (bucket 0,
// value 0) adds nothing to the norm, and the floor keeps an empty row at 0 instead of 0/0.

/** Rows of `weights` ([buckets, width]) times the bucket's IDF, when the network has one. */
function foldIdf(weights: Float32Array, idf: Float32Array | undefined, width: number): Float32Array {
  if (!idf) return weights;
  return Float32Array.from(weights, (w, i) => w * idf[Math.floor(i / width)]!);
}

function logisticGraph(network: LogisticNetwork): Subgraph {
  if (network.idf) return logisticIdfGraph(network, network.idf);
  return {
    initializer: [
      floatTensor('weights', [network.buckets], network.weights),
      floatTensor('bias', [1], Float32Array.of(network.bias)),
      int64Tensor('sum_axes', [1]),
    ],
    nodes: [
      node('Gather', ['weights', INDICES_INPUT], ['gathered'], GATHER_ROWS),
      node('Mul', ['gathered', VALUES_INPUT], ['weighted']),
      node('ReduceSum', ['weighted', 'sum_axes'], ['dot'], [{ name: 'keepdims', type: ONNX_ATTR_INT, i: 0 }]),
      node('Add', ['dot', 'bias'], ['logit']),
      node('Sigmoid', ['logit'], [SCORE_OUTPUT]),
    ],
  };
}

/**
 * One gather of a [buckets, 2] table (w∘idf, idf²) and one batched MatMul of the rows (tf, tf²)
 * with it give Σ(w∘idf)·tf and ‖idf∘tf‖² together: about half the time of two gathers and two
 * reductions in onnxruntime (bench/triage.ts reports the speed).
 */
function logisticIdfGraph(network: LogisticNetwork, idf: Float32Array): Subgraph {
  const table = new Float32Array(network.buckets * 2);
  for (let b = 0; b < network.buckets; b++) (table[2 * b] = network.weights[b]! * idf[b]!), (table[2 * b + 1] = idf[b]! * idf[b]!);
  const column = (name: string, index: number) => scalarInt64(name, index);
  return {
    initializer: [
      floatTensor('weights_idf', [network.buckets, 2], table),
      floatTensor('bias', [1], Float32Array.of(network.bias)),
      floatTensor('norm_floor', [1], Float32Array.of(1e-30)),
      int64Tensor('row_axes', [1]),
      int64Tensor('pair_shape', [-1, 4]),
      column('dot_column', 0),
      column('norm_column', 3),
    ],
    nodes: [
      node('Gather', ['weights_idf', INDICES_INPUT], ['rows'], GATHER_ROWS),
      node('Mul', [VALUES_INPUT, VALUES_INPUT], ['squares']),
      node('Unsqueeze', [VALUES_INPUT, 'row_axes'], ['tf_row']),
      node('Unsqueeze', ['squares', 'row_axes'], ['squares_row']),
      node('Concat', ['tf_row', 'squares_row'], ['tf_pair'], [{ name: 'axis', type: ONNX_ATTR_INT, i: 1 }]),
      node('MatMul', ['tf_pair', 'rows'], ['products']),
      node('Reshape', ['products', 'pair_shape'], ['flat_products']),
      node('Gather', ['flat_products', 'dot_column'], ['dot'], [{ name: 'axis', type: ONNX_ATTR_INT, i: 1 }]),
      node('Gather', ['flat_products', 'norm_column'], ['sum_squares'], [{ name: 'axis', type: ONNX_ATTR_INT, i: 1 }]),
      node('Sqrt', ['sum_squares'], ['row_norm']),
      node('Max', ['row_norm', 'norm_floor'], ['safe_norm']),
      node('Div', ['dot', 'safe_norm'], ['dot_normalised']),
      node('Add', ['dot_normalised', 'bias'], ['logit']),
      node('Sigmoid', ['logit'], [SCORE_OUTPUT]),
    ],
  };
}

/** The [batch, 1] row norm ‖idf∘tf‖ as `safe_norm`, for the MLP. */
function rowNorm(idf: Float32Array, buckets: number): Subgraph {
  return {
    initializer: [floatTensor('idf', [buckets], idf), floatTensor('norm_floor', [1], Float32Array.of(1e-30))],
    nodes: [
      node('Gather', ['idf', INDICES_INPUT], ['idf_rows'], GATHER_ROWS),
      node('Mul', ['idf_rows', VALUES_INPUT], ['weighted_tf']),
      node('Mul', ['weighted_tf', 'weighted_tf'], ['squares']),
      node('ReduceSum', ['squares', 'sum_axes'], ['sum_squares'], [{ name: 'keepdims', type: ONNX_ATTR_INT, i: 1 }]),
      node('Sqrt', ['sum_squares'], ['row_norm']),
      node('Max', ['row_norm', 'norm_floor'], ['safe_norm']),
    ],
  };
}

function mlpGraph(network: MlpNetwork): Subgraph {
  const norm = network.idf ? rowNorm(network.idf, network.buckets) : { nodes: [], initializer: [] };
  const divide = network.idf ? [node('Div', ['hidden_sum', 'safe_norm'], ['hidden_in'])] : [];
  return {
    initializer: [
      floatTensor('w1', [network.buckets, network.hidden], foldIdf(network.w1, network.idf, network.hidden)),
      floatTensor('b1', [network.hidden], network.b1),
      floatTensor('w2', [network.hidden, 1], network.w2),
      floatTensor('b2', [1], Float32Array.of(network.b2)),
      int64Tensor('sum_axes', [1]),
      int64Tensor('value_axes', [2]),
      ...norm.initializer,
    ],
    nodes: [
      ...norm.nodes,
      node('Gather', ['w1', INDICES_INPUT], ['rows'], GATHER_ROWS),
      node('Unsqueeze', [VALUES_INPUT, 'value_axes'], ['column']),
      node('Mul', ['rows', 'column'], ['weighted']),
      node('ReduceSum', ['weighted', 'sum_axes'], [network.idf ? 'hidden_sum' : 'hidden_in'], [{ name: 'keepdims', type: ONNX_ATTR_INT, i: 0 }]),
      ...divide,
      node('Add', ['hidden_in', 'b1'], ['hidden_pre']),
      node('Relu', ['hidden_pre'], ['hidden']),
      node('MatMul', ['hidden', 'w2'], ['out']),
      node('Add', ['out', 'b2'], ['logit_column']),
      node('Squeeze', ['logit_column', 'sum_axes'], ['logit']),
      node('Sigmoid', ['logit'], [SCORE_OUTPUT]),
    ],
  };
}

function node(op: string, input: string[], output: string[], attribute: OnnxNode['attribute'] = []): OnnxNode {
  return { name: `${op.toLowerCase()}_${output[0]}`, op_type: op, input, output, attribute };
}

function tensorInfo(name: string, elemType: number, dims: readonly string[]): OnnxValueInfo {
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim: dims.map((d) => ({ dim_param: d })) } } } };
}

function floatTensor(name: string, dims: number[], values: Float32Array): OnnxTensor {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  if (endianness() === 'LE') raw.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  else values.forEach((v, i) => view.setFloat32(i * 4, v, true)); // raw_data is little-endian by spec
  return { name, dims, data_type: ONNX_FLOAT, raw_data: raw };
}

function int64Tensor(name: string, values: number[]): OnnxTensor {
  const raw = new Uint8Array(values.length * 8);
  values.forEach((v, i) => new DataView(raw.buffer).setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], data_type: ONNX_INT64, raw_data: raw };
}

function scalarInt64(name: string, value: number): OnnxTensor {
  const raw = new Uint8Array(8);
  new DataView(raw.buffer).setBigInt64(0, BigInt(value), true);
  return { name, dims: [], data_type: ONNX_INT64, raw_data: raw };
}
