/** The CLI's help text (`h4h --help`) and the list of its commands, printed with a usage error. */

/** The commands, as a usage error names them. */
export const COMMANDS = 'space, sample, estimate, search, train, evaluate, predictor, paper, export, lessons, lesson check';

/** `h4h --help`. */
export const USAGE = `h4h — hardware-aware NAS of hybrid CNN/ViT models on NPU + CIM (same core as the app)

usage: npm run -s h4h -- <command> [options] [--json]

commands:
  space    --space mini|mini-cifar|nasvit           genes, choices, exact size, MAC range
  sample   --space S --seed N --count K [--kind random|smallest|largest]
  estimate --space S --arch <genome JSON|file> [--hw <preset|file>] [--schema all|npu,cim,hetero,parallel]
           [--objective latency|energy|edp] [--calibrate <measurements CSV>]
                                                    --calibrate: Vela's per-layer CSV or layer,latency_us[,energy_uj,unit]:
                                                    one factor per layer kind and unit fitted and applied
  search   --space S|<space JSON> --hw H --objectives accuracy,latency,energy --accuracy proxy
           --generations 50 --population 64 --seed 1 [--schema hetero] [--max-latency MS]
           [--max-energy UJ] [--max-params N] [--exhaustive] [--progress]
           [--accuracy table|predictor --table <CSV/JSON of genome,accuracy>]
                                                    population × generations ≤ 1,000,000; a run past 2 s
                                                    says how far it is on stderr (with --json only if --progress)
                                                    NSGA-II: the Pareto front and the hypervolume of each
                                                    generation; --exhaustive: the true front (≤ 10⁶ subnets);
                                                    table: every subnet of the table scored; predictor:
                                                    ridge fitted on the table, then NSGA-II
  train    --space mini|mini-cifar --steps N --batch B --seed S [--dataset fashion-mnist|mnist|cifar10]
           [--cifar <folder of data_batch_*.bin>] [--lr X] [--optimizer adam|sgd] [--single-phase]
           [--no-distill] [--random N] [--eval-images N] [--predictor N] [--warmup N] [--schedule cosine|constant]
           [--label-smoothing X] [--phase1-share X] [--eval-every N] [--calibration-images N]
           [--checkpoint FILE [--checkpoint-every N] [--resume] [--stop-after N]]
                                                    trains the supernet on TF.js's CPU backend (WebAssembly
                                                    SIMD kernels); --checkpoint writes a resumable file,
                                                    --resume continues it bit for bit
  evaluate --space mini (--arch <genome JSON|file> | --kind largest|smallest) [--checkpoint FILE]
           [--images N] [--calibration-images N] [--json]
                                                    validation accuracy of a subnet with the shipped supernet
                                                    (public/supernet/, SHA-256 checked) or a checkpoint file
  predictor --space mini [--json]                   the shipped predictor: held-out Kendall τ, its spread over
                                                    random splits, the MAC-only baseline, sample count
  paper    --space mini|nasvit [--hw H] [--population 64] [--generations 50] [--seed 1] [--schema hetero]
           [--accuracy predictor|table|proxy] [--table FILE] [--images N] [--no-measure] [--json]
                                                    the paper's three claims re-run (README: "Does it reproduce
                                                    the paper?"): hybrid against MBConv-only search, hetero and
                                                    parallel against NPU-only, the M × U sweep; claim 1 on the
                                                    shipped supernet's predictor, its winners then measured
                                                    with the supernet (--images, --no-measure), or a table;
                                                    the proxy cannot test claim 1 and says why
  export   --kind pytorch --space S --arch <genome JSON|file> --out DIR [--json]
                                                    the subnet as a PyTorch module (h4h_model.py: its conv and
                                                    linear weights are estimate's params), a torchrun training
                                                    script (train.py) and arch.json (README: "Taking it to a
                                                    cluster")
  export   --kind optuna --space S --hw H --objectives accuracy,latency[,energy] --out DIR
           [--schema hetero] [--population 64] [--seed 1] [--max-latency MS] [--max-energy UJ] [--max-params N]
           [--table <measured accuracies>]
                                                    the search as an Optuna study (study.json, hw.json) and
                                                    optuna_search.py: NSGAIISampler over shared storage
                                                    (--storage), latency and energy from h4h estimate,
                                                    accuracy from your trainer (--accuracy-cmd)
  estimate --model <FILE> [--hw …]                  your own network: a model description (JSON), a .tflite or
                                                    an .onnx file (README: "Your own model";
                                                    examples/mobilenetv2.json, examples/tiny-vit.json)
  lessons  [--json]                                 the shipped lessons; --json: every step's claims with
                                                    their values and each prediction's answer
  lesson check FILE [--json]                        evaluates every claim and prediction of a lesson file
                                                    (docs/LESSONS.md; examples/lesson-example.json): exit 1
                                                    naming lesson, step and claim when one is false, 2 when
                                                    the file is malformed (the field named)

systems: u55-mram (default), u55-sram-cim, u55-sram7nm, u55-c2c22nm, npu1024-mram, u65-dram, or a JSON file { "base": "u55-mram", "cimMacros": 4 }`;
