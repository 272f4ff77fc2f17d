/// <reference lib="webworker" />
// The model-file worker: reads a dropped .tflite, .onnx or JSON description off the main thread (a
// 64 MiB file parses for seconds), with comlink carrying the one call and its reply.
import { expose } from 'comlink';
import { readModelFile } from './modelRead';

expose({ readModelFile });
