/** Words for model files, shared by the panel and its lazily loaded facts. */
export const FORMAT_LABEL = { tflite: 'TensorFlow Lite', onnx: 'ONNX', json: 'model description (JSON)' } as const;

export const kib = (n: number): string =>
  n >= 2 ** 20 ? `${Number((n / 2 ** 20).toFixed(1))} MiB` : `${Math.max(1, Math.round(n / 1024))} KiB`;
