/**
 * The label pool of the label DPs (chainLabels.ts for `hetero`, parallelLabels.ts for `parallel`):
 * what the back-tracking needs of each label — its previous label and its tag (the unit or state it
 * gave its layer) — as typed arrays grown by doubling. Label 0 is the root. A pass creates its
 * labels layer by layer, so a label's layer is known from where each layer's labels start (`first`)
 * and is not stored per label. Each DP keeps one pool and resets it at the start of a pass; the
 * lists hold the labels' bytes and costs (parallelLists.ts).
 */
export class LabelPool {
  prev = new Int32Array(4096);
  tag = new Uint8Array(4096);
  /** the first label id of each layer (a layer without labels: the next layer's first) */
  first = new Int32Array(256);
  count = 1;

  /** Empties the pool for a pass over `layers` layers, leaving the root. */
  reset(layers: number): void {
    this.count = 1;
    this.prev[0] = -1;
    if (this.first.length < layers) this.first = new Int32Array(2 * layers);
  }

  /** Marks the start of layer i's labels: every layer of a pass, in order, before its labels. */
  startLayer(i: number): void {
    this.first[i] = this.count;
  }

  /** A new label of the current layer; returns its id. */
  add(prev: number, tag: number): number {
    const k = this.count;
    if (k === this.prev.length) this.grow();
    this.prev[k] = prev;
    this.tag[k] = tag;
    this.count = k + 1;
    return k;
  }

  /**
   * Room for `n` more labels: a merge that reserves first writes each new label's `prev` and `tag`
   * at `count` (and advances `count`) itself, with the arrays in locals (through `add`, every label
   * also cost a capacity check and three field loads; with its two stores, a tenth of the merge).
   */
  reserve(n: number): void {
    while (this.count + n > this.prev.length) this.grow();
  }

  /** Points label `k` (same layer) at another previous label and tag. */
  relink(k: number, prev: number, tag: number): void {
    this.prev[k] = prev;
    this.tag[k] = tag;
  }

  /** Each layer's tag along the labels back from `k` (layers with no label keep 0). */
  trace(k: number, layers: number): Uint8Array {
    const out = new Uint8Array(layers);
    const { prev, tag, first } = this;
    // ids fall along the way back: the layer of label j is the last one whose labels start at or
    // before j (a layer without labels starts where the next one does, so it is never picked)
    let i = layers - 1;
    for (let j = k; j > 0; j = prev[j] ?? 0) {
      while (i > 0 && (first[i] ?? 0) > j) i--;
      out[i] = tag[j] ?? 0;
    }
    return out;
  }

  private grow(): void {
    const n = 2 * this.prev.length;
    const prev = new Int32Array(n);
    prev.set(this.prev);
    this.prev = prev;
    const tag = new Uint8Array(n);
    tag.set(this.tag);
    this.tag = tag;
  }
}
