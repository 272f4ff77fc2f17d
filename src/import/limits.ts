/** The largest model files read (kept apart from the readers so the page can check a size without loading them). */
export const MODEL_FILE_LIMITS = {
  /** a .tflite or .onnx network (a model of ~64 M int8 weights) */
  network: 64 * 2 ** 20,
  /** a JSON model description */
  json: 16 * 2 ** 20,
} as const;
