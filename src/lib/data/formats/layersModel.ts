import { BN_EPSILON, BN_MOMENTUM, blockSpecs, needsProjection, type NetworkConfig } from '../../core/networkLayout';

/**
 * lossloop's target network written as a standard TF.js Layers model (the `model.json` format that
 * `tf.loadLayersModel` reads and `tensorflowjs_converter` turns into Keras, SavedModel or TFLite):
 * a functional model of InputLayer, Conv2D, BatchNormalization, Activation, Add,
 * GlobalAveragePooling2D and Dense layers, ending in a softmax, so it outputs class probabilities.
 * The loss head is left out: no other tool has a use for it.
 *
 * Pure JSON, no tensor code: the export runs on the page, which never loads tfjs.
 */

/** One weight of the Layers model and the lossloop weight (checkpoint name) that holds its values. */
export interface LayersWeight {
  /** "layer/weight", as TF.js Layers names weights on load */
  name: string;
  /** the name of the same weight in lossloop's own network */
  source: string;
}

interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: [string, number, number, Record<string, never>][][];
}

export interface LayersModel {
  /** the `modelTopology` of model.json */
  topology: Record<string, unknown>;
  /** every weight, in the order weights.bin holds them */
  weights: LayersWeight[];
  /** the name of the output layer (class probabilities) */
  outputLayer: string;
}

/** Keras layer names may not hold dots in every tool; lossloop's weight prefixes do. */
const layerName = (prefix: string) => prefix.replaceAll('.', '_');

export function layersModel(config: NetworkConfig, modelName: string, tfjsVersion: string): LayersModel {
  const layers: LayerJson[] = [];
  const weights: LayersWeight[] = [];
  const add = (name: string, className: string, layerConfig: Record<string, unknown>, inputs: string[]) => {
    layers.push({
      name, class_name: className,
      config: { name, trainable: true, ...layerConfig },
      inbound_nodes: inputs.length ? [inputs.map((input) => [input, 0, 0, {}])] : [],
    });
    return name;
  };

  const conv = (source: string, input: string, kernelSize: number, filters: number, stride: number) => {
    const name = add(layerName(source), 'Conv2D', {
      filters, kernel_size: [kernelSize, kernelSize], strides: [stride, stride], padding: 'same',
      data_format: 'channels_last', dilation_rate: [1, 1], activation: 'linear', use_bias: false,
    }, [input]);
    weights.push({ name: `${name}/kernel`, source });
    return name;
  };
  const batchNorm = (source: string, input: string) => {
    // Keras's momentum is the weight of the old running value: 1 - PyTorch's.
    const name = add(layerName(source), 'BatchNormalization', {
      axis: -1, momentum: 1 - BN_MOMENTUM, epsilon: BN_EPSILON, center: true, scale: true,
    }, [input]);
    weights.push(
      { name: `${name}/gamma`, source: `${source}.gamma` },
      { name: `${name}/beta`, source: `${source}.beta` },
      { name: `${name}/moving_mean`, source: `${source}.mean` },
      { name: `${name}/moving_variance`, source: `${source}.variance` },
    );
    return name;
  };
  const relu = (name: string, input: string) => add(name, 'Activation', { activation: 'relu' }, [input]);

  const input = add('image', 'InputLayer', { batch_input_shape: [null, ...config.inputShape], dtype: 'float32', sparse: false }, []);
  let x = relu('stem_relu', batchNorm('stem.bn', conv('stem.conv', input, 3, config.stageWidths[0], 1)));
  for (const stage of blockSpecs(config)) {
    for (const spec of stage) {
      const p = spec.prefix;
      const inner = relu(`${layerName(p)}_relu1`, batchNorm(`${p}.bn1`, conv(`${p}.conv1`, x, 3, spec.outChannels, spec.stride)));
      const residual = batchNorm(`${p}.bn2`, conv(`${p}.conv2`, inner, 3, spec.outChannels, 1));
      const shortcut = needsProjection(spec)
        ? batchNorm(`${p}.shortcut.bn`, conv(`${p}.shortcut.conv`, x, 1, spec.outChannels, spec.stride))
        : x;
      x = relu(`${layerName(p)}_relu2`, add(`${layerName(p)}_add`, 'Add', {}, [residual, shortcut]));
    }
  }
  const features = add('features', 'GlobalAveragePooling2D', { data_format: 'channels_last' }, [x]);
  const outputLayer = add('classifier', 'Dense', { units: config.numClasses, activation: 'softmax', use_bias: true }, [features]);
  weights.push({ name: 'classifier/kernel', source: 'classifier.kernel' }, { name: 'classifier/bias', source: 'classifier.bias' });

  const topology = {
    class_name: 'Model',
    config: { name: modelName, layers, input_layers: [[input, 0, 0]], output_layers: [[outputLayer, 0, 0]] },
    keras_version: `tfjs-layers ${tfjsVersion}`,
    backend: 'tensor_flow.js',
  };
  return { topology, weights, outputLayer };
}
