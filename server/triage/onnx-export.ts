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
  const input = inputGraph(options.network);
  const body = options.network.kind === 'logistic' ? logisticGraph(options.network, input.values) : mlpGraph(options.network, input.values);
  const nodes = [...input.nodes, ...body.nodes];
  const initializer = [...input.initializer, ...body.initializer];
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

/**
 * The feature values the network reads: the input itself, or (with IDF) the input times each
 * bucket's IDF, L2-normalised per row. Padding (bucket 0, value 0) adds nothing to the norm, and
 * an empty row stays 0 because the norm is floored before dividing.
 */
function inputGraph(network: TriageNetwork): Subgraph & { readonly values: string } {
  if (!network.idf) return { nodes: [], initializer: [], values: VALUES_INPUT };
  return {
    values: 'tfidf',
    initializer: [
      floatTensor('idf', [network.buckets], network.idf),
      floatTensor('norm_floor', [1], Float32Array.of(1e-30)),
      int64Tensor('row_axes', [1]),
    ],
    nodes: [
      node('Gather', ['idf', INDICES_INPUT], ['idf_rows'], GATHER_ROWS),
      node('Mul', ['idf_rows', VALUES_INPUT], ['weighted_tf']),
      node('Mul', ['weighted_tf', 'weighted_tf'], ['squares']),
      node('ReduceSum', ['squares', 'row_axes'], ['sum_squares'], [{ name: 'keepdims', type: ONNX_ATTR_INT, i: 1 }]),
      node('Sqrt', ['sum_squares'], ['row_norm']),
      node('Max', ['row_norm', 'norm_floor'], ['safe_norm']),
      node('Div', ['weighted_tf', 'safe_norm'], ['tfidf']),
    ],
  };
}

function logisticGraph(network: LogisticNetwork, values: string): Subgraph {
  return {
    initializer: [
      floatTensor('weights', [network.buckets], network.weights),
      floatTensor('bias', [1], Float32Array.of(network.bias)),
      int64Tensor('sum_axes', [1]),
    ],
    nodes: [
      node('Gather', ['weights', INDICES_INPUT], ['gathered'], GATHER_ROWS),
      node('Mul', ['gathered', values], ['weighted']),
      node('ReduceSum', ['weighted', 'sum_axes'], ['dot'], [{ name: 'keepdims', type: ONNX_ATTR_INT, i: 0 }]),
      node('Add', ['dot', 'bias'], ['logit']),
      node('Sigmoid', ['logit'], [SCORE_OUTPUT]),
    ],
  };
}

function mlpGraph(network: MlpNetwork, values: string): Subgraph {
  return {
    initializer: [
      floatTensor('w1', [network.buckets, network.hidden], network.w1),
      floatTensor('b1', [network.hidden], network.b1),
      floatTensor('w2', [network.hidden, 1], network.w2),
      floatTensor('b2', [1], Float32Array.of(network.b2)),
      int64Tensor('sum_axes', [1]),
      int64Tensor('value_axes', [2]),
    ],
    nodes: [
      node('Gather', ['w1', INDICES_INPUT], ['rows'], GATHER_ROWS),
      node('Unsqueeze', [values, 'value_axes'], ['column']),
      node('Mul', ['rows', 'column'], ['weighted']),
      node('ReduceSum', ['weighted', 'sum_axes'], ['hidden_in'], [{ name: 'keepdims', type: ONNX_ATTR_INT, i: 0 }]),
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
