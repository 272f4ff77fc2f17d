/**
 * A subnet handed to PyTorch (issue 18): the description the generated module builds from (the
 * space's stage layout and block kind, the genome with its head width, the link id, and the weights
 * and MACs H4H counts), and the files `h4h export --kind pytorch` writes and the page downloads. The
 * Python itself is two plain files in public/export/ (the module's layers are core's layer list:
 * `h4h_weights(model)` equals `totalParams(expandGenome(…))`, checked by src/cli/export.test.ts).
 */
import { headWidth, canonicalize } from '../model/genome.js';
import { expandGenome, totalMacs, totalParams } from '../model/layers.js';
import type { Genome, SearchSpace } from '../types.js';
import { genomeToLink } from './linkCodec.js';

/** Where the two Python files live: served with the page (public/), read from disk by the CLI. */
export const PYTORCH_TEMPLATES = { model: 'export/h4h_model.py', train: 'export/train.py' } as const;

/** The Python files' text: the module (with `__ARCH_JSON__` where the subnet goes) and the training script. */
export interface PytorchTemplates {
  readonly model: string;
  readonly train: string;
}

export interface PythonArch {
  readonly h4h: { readonly version: string; readonly space: string; readonly arch_id: string };
  readonly space: {
    readonly id: string;
    readonly input_channels: number;
    readonly classes: number;
    readonly dataset: string;
    readonly head_dim: number;
    readonly blocks: 'spec' | 'nasvit';
    readonly stages: readonly { readonly name: string; readonly stride: number; readonly se: boolean }[];
  };
  readonly genome: {
    readonly r: number;
    readonly stem: number;
    /** the head's 1×1 width (0: none, SPEC §2.1's head on `mini`) */
    readonly head: number;
    readonly stages: readonly {
      readonly c: number;
      readonly d: number;
      readonly k: number;
      readonly e: number;
      readonly t: readonly string[];
      readonly m: number;
    }[];
  };
  /** what H4H counts for this subnet: the module's `h4h_weights` must equal `weights` */
  readonly expected: { readonly weights: number; readonly macs: number };
}

/** The description of `genome` (a genome of `space` or of a trim of it) that the module builds. */
export function pythonArch(space: SearchSpace, genome: Genome, version: string): PythonArch {
  const g = canonicalize(space, genome);
  const layers = expandGenome(space, g);
  return {
    // the link's genome text: stable, and `g=` of a link opens the same subnet
    h4h: { version, space: space.id, arch_id: genomeToLink(g) },
    space: {
      id: space.id,
      input_channels: space.inputChannels,
      classes: space.classes,
      dataset: space.dataset,
      head_dim: space.headDim,
      blocks: space.blocks === 'nasvit' ? 'nasvit' : 'spec',
      stages: space.stages.map((s) => ({ name: s.name, stride: s.stride, se: s.se === true })),
    },
    genome: {
      r: g.r,
      stem: g.stem,
      head: headWidth(space, g),
      stages: g.stages.map((s) => ({ c: s.c, d: s.d, k: s.k, e: s.e, t: [...s.t], m: s.m })),
    },
    expected: { weights: totalParams(layers), macs: totalMacs(layers) },
  };
}

/**
 * The files of the export, by name: the module (with the subnet in it), the training script, the
 * description. Throws when the module template has no `__ARCH_JSON__` to fill (not the shipped file).
 */
export function pytorchFiles(
  space: SearchSpace,
  genome: Genome,
  version: string,
  templates: PytorchTemplates,
): Readonly<Record<'h4h_model.py' | 'train.py' | 'arch.json', string>> {
  const arch = pythonArch(space, genome, version);
  const json = JSON.stringify(arch);
  if (!templates.model.includes("r'''__ARCH_JSON__'''"))
    throw new Error(`${PYTORCH_TEMPLATES.model}: not H4H's module template (no __ARCH_JSON__)`);
  return {
    'h4h_model.py': templates.model.replace('__ARCH_JSON__', () => json),
    'train.py': templates.train,
    'arch.json': `${JSON.stringify(arch, null, 2)}\n`,
  };
}
