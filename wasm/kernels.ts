// AssemblyScript: the training step's heavy kernels as WebAssembly SIMD (f32x4), for TF.js's CPU
// backend (src/train/cpuKernels.ts copies the operands into this module's memory and the result out).
// `npm run wasm` compiles it (scripts/build-wasm.mjs) into src/train/wasmKernelsBinary.ts.
//
// The arithmetic is part of a contract: a committed training log must be reproducible bit for bit,
// so every output element is a float32 sum in a fixed order, each term a float32 product rounded
// before it is added (WebAssembly never fuses a multiply-add):
//   matmul           C[i,j] = ((0 + A[i,0]·B[0,j]) + A[i,1]·B[1,j]) + …   (k ascending)
//   depthwise        y = Σ over taps (row, then column, ascending) of x·f, skipping the padding
//   depthwise dx     dx += dy·f, visiting (batch, out row, out column, tap row, tap column) in order
//   depthwise df     df += x·dy, in the same visiting order
// Any loop nest that keeps each element's order gives the same bits; the blocking below is free.
// Pointers are byte offsets into this module's memory, all float32 arrays, 16-byte aligned.

// ── matMul ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * C[M,N] = A·B with A read through strides (element (i,k) at a + 4·(i·sai + k·sak)), B row-major
 * [K,N], C row-major. Four rows × eight columns of C in registers over the whole k loop.
 */
export function matmul(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32, sai: i32, sak: i32): void {
  const n8 = N & ~7;
  const n4 = N & ~3;
  let i = 0;
  for (; i + 4 <= M; i += 4) {
    const r0 = a + (<usize>(i * sai) << 2);
    const r1 = r0 + (<usize>sai << 2);
    const r2 = r1 + (<usize>sai << 2);
    const r3 = r2 + (<usize>sai << 2);
    let j = 0;
    for (; j < n8; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const bp = b + (<usize>(k * N + j) << 2);
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const ko = <usize>(k * sak) << 2;
        const s0 = f32x4.splat(load<f32>(r0 + ko));
        const s1 = f32x4.splat(load<f32>(r1 + ko));
        const s2 = f32x4.splat(load<f32>(r2 + ko));
        const s3 = f32x4.splat(load<f32>(r3 + ko));
        c00 = f32x4.add(c00, f32x4.mul(s0, b0));
        c01 = f32x4.add(c01, f32x4.mul(s0, b1));
        c10 = f32x4.add(c10, f32x4.mul(s1, b0));
        c11 = f32x4.add(c11, f32x4.mul(s1, b1));
        c20 = f32x4.add(c20, f32x4.mul(s2, b0));
        c21 = f32x4.add(c21, f32x4.mul(s2, b1));
        c30 = f32x4.add(c30, f32x4.mul(s3, b0));
        c31 = f32x4.add(c31, f32x4.mul(s3, b1));
      }
      const cp = c + (<usize>(i * N + j) << 2);
      const row = <usize>N << 2;
      v128.store(cp, c00);
      v128.store(cp, c01, 16);
      v128.store(cp + row, c10);
      v128.store(cp + row, c11, 16);
      v128.store(cp + 2 * row, c20);
      v128.store(cp + 2 * row, c21, 16);
      v128.store(cp + 3 * row, c30);
      v128.store(cp + 3 * row, c31, 16);
    }
    for (; j < n4; j += 4) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(b + (<usize>(k * N + j) << 2));
        const ko = <usize>(k * sak) << 2;
        c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(r0 + ko)), b0));
        c1 = f32x4.add(c1, f32x4.mul(f32x4.splat(load<f32>(r1 + ko)), b0));
        c2 = f32x4.add(c2, f32x4.mul(f32x4.splat(load<f32>(r2 + ko)), b0));
        c3 = f32x4.add(c3, f32x4.mul(f32x4.splat(load<f32>(r3 + ko)), b0));
      }
      const cp = c + (<usize>(i * N + j) << 2);
      const row = <usize>N << 2;
      v128.store(cp, c0);
      v128.store(cp + row, c1);
      v128.store(cp + 2 * row, c2);
      v128.store(cp + 3 * row, c3);
    }
    for (; j < N; j++) {
      let c0: f32 = 0, c1: f32 = 0, c2: f32 = 0, c3: f32 = 0;
      for (let k = 0; k < K; k++) {
        const y = load<f32>(b + (<usize>(k * N + j) << 2));
        const ko = <usize>(k * sak) << 2;
        c0 += load<f32>(r0 + ko) * y;
        c1 += load<f32>(r1 + ko) * y;
        c2 += load<f32>(r2 + ko) * y;
        c3 += load<f32>(r3 + ko) * y;
      }
      store<f32>(c + (<usize>(i * N + j) << 2), c0);
      store<f32>(c + (<usize>((i + 1) * N + j) << 2), c1);
      store<f32>(c + (<usize>((i + 2) * N + j) << 2), c2);
      store<f32>(c + (<usize>((i + 3) * N + j) << 2), c3);
    }
  }
  for (; i < M; i++) {
    const r0 = a + (<usize>(i * sai) << 2);
    let j = 0;
    for (; j < n4; j += 4) {
      let c0 = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        c0 = f32x4.add(c0, f32x4.mul(f32x4.splat(load<f32>(r0 + (<usize>(k * sak) << 2))), v128.load(b + (<usize>(k * N + j) << 2))));
      }
      v128.store(c + (<usize>(i * N + j) << 2), c0);
    }
    for (; j < N; j++) {
      let c0: f32 = 0;
      for (let k = 0; k < K; k++) c0 += load<f32>(r0 + (<usize>(k * sak) << 2)) * load<f32>(b + (<usize>(k * N + j) << 2));
      store<f32>(c + (<usize>(i * N + j) << 2), c0);
    }
  }
}

/**
 * C[M,N] = Aᵀ·B with A stored [K,M] (a weight gradient Xᵀ·dY over many pixels: K large, C small).
 * k-outer over a C kept in memory (zeroed here), four k at a time with C's values in registers
 * between them, so each element still adds its terms in k order.
 */
export function matmulTA(a: usize, b: usize, c: usize, M: i32, K: i32, N: i32): void {
  memory.fill(c, 0, <usize>(M * N) << 2);
  const n4 = N & ~3;
  let k = 0;
  for (; k + 4 <= K; k += 4) {
    const a0 = a + (<usize>(k * M) << 2);
    const a1 = a0 + (<usize>M << 2);
    const a2 = a1 + (<usize>M << 2);
    const a3 = a2 + (<usize>M << 2);
    const b0 = b + (<usize>(k * N) << 2);
    const b1 = b0 + (<usize>N << 2);
    const b2 = b1 + (<usize>N << 2);
    const b3 = b2 + (<usize>N << 2);
    for (let i = 0; i < M; i++) {
      const io = <usize>i << 2;
      const x0 = load<f32>(a0 + io);
      const x1 = load<f32>(a1 + io);
      const x2 = load<f32>(a2 + io);
      const x3 = load<f32>(a3 + io);
      const s0 = f32x4.splat(x0);
      const s1 = f32x4.splat(x1);
      const s2 = f32x4.splat(x2);
      const s3 = f32x4.splat(x3);
      const cr = c + (<usize>(i * N) << 2);
      let j = 0;
      for (; j < n4; j += 4) {
        const jo = <usize>j << 2;
        let v = v128.load(cr + jo);
        v = f32x4.add(v, f32x4.mul(s0, v128.load(b0 + jo)));
        v = f32x4.add(v, f32x4.mul(s1, v128.load(b1 + jo)));
        v = f32x4.add(v, f32x4.mul(s2, v128.load(b2 + jo)));
        v = f32x4.add(v, f32x4.mul(s3, v128.load(b3 + jo)));
        v128.store(cr + jo, v);
      }
      for (; j < N; j++) {
        const jo = <usize>j << 2;
        let v = load<f32>(cr + jo);
        v += x0 * load<f32>(b0 + jo);
        v += x1 * load<f32>(b1 + jo);
        v += x2 * load<f32>(b2 + jo);
        v += x3 * load<f32>(b3 + jo);
        store<f32>(cr + jo, v);
      }
    }
  }
  for (; k < K; k++) {
    const a0 = a + (<usize>(k * M) << 2);
    const b0 = b + (<usize>(k * N) << 2);
    for (let i = 0; i < M; i++) {
      const x0 = load<f32>(a0 + (<usize>i << 2));
      const s0 = f32x4.splat(x0);
      const cr = c + (<usize>(i * N) << 2);
      let j = 0;
      for (; j < n4; j += 4) {
        const jo = <usize>j << 2;
        v128.store(cr + jo, f32x4.add(v128.load(cr + jo), f32x4.mul(s0, v128.load(b0 + jo))));
      }
      for (; j < N; j++) {
        const jo = <usize>j << 2;
        store<f32>(cr + jo, load<f32>(cr + jo) + x0 * load<f32>(b0 + jo));
      }
    }
  }
}

// ── depthwise convolution, NHWC, channel multiplier 1 ──────────────────────────────────────────────

/**
 * y[b,oy,ox,d] = Σ_taps x[b, oy·sh+r−top, ox·sw+q−left, d]·f[r,q,d]: per output pixel, the taps in
 * order, each adding to all of the pixel's channels (kept in y).
 */
export function depthwise(x: usize, f: usize, y: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  memory.fill(y, 0, <usize>(B * OH * OW * C) << 2);
  const c4 = C & ~3;
  for (let bi = 0; bi < B; bi++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const yp = y + (<usize>(((bi * OH + oy) * OW + ox) * C) << 2);
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let q = 0; q < FW; q++) {
            const xc = ox * sw + q - left;
            if (xc < 0 || xc >= W) continue;
            const xp = x + (<usize>(((bi * H + xr) * W + xc) * C) << 2);
            const fp = f + (<usize>((r * FW + q) * C) << 2);
            let d = 0;
            for (; d < c4; d += 4) {
              const o = <usize>d << 2;
              v128.store(yp + o, f32x4.add(v128.load(yp + o), f32x4.mul(v128.load(xp + o), v128.load(fp + o))));
            }
            for (; d < C; d++) {
              const o = <usize>d << 2;
              store<f32>(yp + o, load<f32>(yp + o) + load<f32>(xp + o) * load<f32>(fp + o));
            }
          }
        }
      }
    }
  }
}

/** dx[b, oy·sh+r−top, ox·sw+q−left, d] += dy[b,oy,ox,d]·f[r,q,d] (dx zeroed here). */
export function depthwiseDx(dy: usize, f: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  memory.fill(dx, 0, <usize>(B * H * W * C) << 2);
  const c4 = C & ~3;
  for (let bi = 0; bi < B; bi++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const gp = dy + (<usize>(((bi * OH + oy) * OW + ox) * C) << 2);
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let q = 0; q < FW; q++) {
            const xc = ox * sw + q - left;
            if (xc < 0 || xc >= W) continue;
            const xp = dx + (<usize>(((bi * H + xr) * W + xc) * C) << 2);
            const fp = f + (<usize>((r * FW + q) * C) << 2);
            let d = 0;
            for (; d < c4; d += 4) {
              const o = <usize>d << 2;
              v128.store(xp + o, f32x4.add(v128.load(xp + o), f32x4.mul(v128.load(gp + o), v128.load(fp + o))));
            }
            for (; d < C; d++) {
              const o = <usize>d << 2;
              store<f32>(xp + o, load<f32>(xp + o) + load<f32>(gp + o) * load<f32>(fp + o));
            }
          }
        }
      }
    }
  }
}

/** df[r,q,d] += x[b, oy·sh+r−top, ox·sw+q−left, d]·dy[b,oy,ox,d] (df zeroed here). */
export function depthwiseDf(x: usize, dy: usize, df: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, FH: i32, FW: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  memory.fill(df, 0, <usize>(FH * FW * C) << 2);
  const c4 = C & ~3;
  for (let bi = 0; bi < B; bi++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const gp = dy + (<usize>(((bi * OH + oy) * OW + ox) * C) << 2);
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let q = 0; q < FW; q++) {
            const xc = ox * sw + q - left;
            if (xc < 0 || xc >= W) continue;
            const xp = x + (<usize>(((bi * H + xr) * W + xc) * C) << 2);
            const fp = df + (<usize>((r * FW + q) * C) << 2);
            let d = 0;
            for (; d < c4; d += 4) {
              const o = <usize>d << 2;
              v128.store(fp + o, f32x4.add(v128.load(fp + o), f32x4.mul(v128.load(xp + o), v128.load(gp + o))));
            }
            for (; d < C; d++) {
              const o = <usize>d << 2;
              store<f32>(fp + o, load<f32>(fp + o) + load<f32>(xp + o) * load<f32>(gp + o));
            }
          }
        }
      }
    }
  }
}

// ── training-mode BatchNorm of x [rows, c] ─────────────────────────────────────────────────────────
// Float64 statistics, the same operations in the same order as the JavaScript loops of
// cpuKernels.ts (bnTrainJs, bnTrainGradJs), so both give the same bits. Two channels per f64x2.

@inline function f2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}
@inline function st2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** y, x̂ [rows, c] and 1/σ [c] of x; `s` is 2·c float64 of scratch. */
export function bnTrain(x: usize, gamma: usize, beta: usize, y: usize, xhat: usize, inv: usize, s: usize, rows: i32, c: i32): void {
  const mean = s;
  const sq = s + (<usize>c << 3);
  memory.fill(s, 0, <usize>c << 4);
  const c2 = c & ~1;
  const n = <f64>rows;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * c) << 2);
    let j = 0;
    for (; j < c2; j += 2) v128.store(mean + (<usize>j << 3), f64x2.add(v128.load(mean + (<usize>j << 3)), f2(xr + (<usize>j << 2))));
    for (; j < c; j++) store<f64>(mean + (<usize>j << 3), load<f64>(mean + (<usize>j << 3)) + <f64>load<f32>(xr + (<usize>j << 2)));
  }
  for (let j = 0; j < c; j++) store<f64>(mean + (<usize>j << 3), load<f64>(mean + (<usize>j << 3)) / n);
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * c) << 2);
    let j = 0;
    for (; j < c2; j += 2) {
      const d = f64x2.sub(f2(xr + (<usize>j << 2)), v128.load(mean + (<usize>j << 3)));
      v128.store(sq + (<usize>j << 3), f64x2.add(v128.load(sq + (<usize>j << 3)), f64x2.mul(d, d)));
    }
    for (; j < c; j++) {
      const d = <f64>load<f32>(xr + (<usize>j << 2)) - load<f64>(mean + (<usize>j << 3));
      store<f64>(sq + (<usize>j << 3), load<f64>(sq + (<usize>j << 3)) + d * d);
    }
  }
  for (let j = 0; j < c; j++) store<f32>(inv + (<usize>j << 2), <f32>(1.0 / Math.sqrt(load<f64>(sq + (<usize>j << 3)) / n + 1e-5)));
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * c) << 2;
    let j = 0;
    for (; j < c2; j += 2) {
      const jo = <usize>j << 2;
      const h = f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(f64x2.mul(f64x2.sub(f2(x + o + jo), v128.load(mean + (<usize>j << 3))), f2(inv + jo))));
      st2(xhat + o + jo, h);
      st2(y + o + jo, f64x2.add(f64x2.mul(h, f2(gamma + jo)), f2(beta + jo)));
    }
    for (; j < c; j++) {
      const jo = <usize>j << 2;
      const h = <f64><f32>((<f64>load<f32>(x + o + jo) - load<f64>(mean + (<usize>j << 3))) * <f64>load<f32>(inv + jo));
      store<f32>(xhat + o + jo, <f32>h);
      store<f32>(y + o + jo, <f32>(h * <f64>load<f32>(gamma + jo) + <f64>load<f32>(beta + jo)));
    }
  }
}

/** dx [rows, c], dγ and dβ [c] from dy, x̂, 1/σ and γ; `s` is 3·c float64 of scratch. */
export function bnTrainGrad(dy: usize, xhat: usize, inv: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize, s: usize, rows: i32, c: i32): void {
  const db = s;
  const dg = s + (<usize>c << 3);
  const sc = s + (<usize>c << 4);
  memory.fill(s, 0, <usize>c << 4);
  const c2 = c & ~1;
  const n = <f64>rows;
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * c) << 2;
    let j = 0;
    for (; j < c2; j += 2) {
      const v = f2(dy + o + (<usize>j << 2));
      v128.store(db + (<usize>j << 3), f64x2.add(v128.load(db + (<usize>j << 3)), v));
      v128.store(dg + (<usize>j << 3), f64x2.add(v128.load(dg + (<usize>j << 3)), f64x2.mul(v, f2(xhat + o + (<usize>j << 2)))));
    }
    for (; j < c; j++) {
      const v = <f64>load<f32>(dy + o + (<usize>j << 2));
      store<f64>(db + (<usize>j << 3), load<f64>(db + (<usize>j << 3)) + v);
      store<f64>(dg + (<usize>j << 3), load<f64>(dg + (<usize>j << 3)) + v * <f64>load<f32>(xhat + o + (<usize>j << 2)));
    }
  }
  for (let j = 0; j < c; j++) {
    const b = load<f64>(db + (<usize>j << 3));
    const g = load<f64>(dg + (<usize>j << 3));
    store<f32>(dbeta + (<usize>j << 2), <f32>b);
    store<f32>(dgamma + (<usize>j << 2), <f32>g);
    store<f64>(db + (<usize>j << 3), b / n);
    store<f64>(dg + (<usize>j << 3), g / n);
    store<f64>(sc + (<usize>j << 3), <f64>load<f32>(gamma + (<usize>j << 2)) * <f64>load<f32>(inv + (<usize>j << 2)));
  }
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * c) << 2;
    let j = 0;
    for (; j < c2; j += 2) {
      const jo = <usize>j << 2;
      const j8 = <usize>j << 3;
      const t = f64x2.sub(f64x2.sub(f2(dy + o + jo), v128.load(db + j8)), f64x2.mul(f2(xhat + o + jo), v128.load(dg + j8)));
      st2(dx + o + jo, f64x2.mul(t, v128.load(sc + j8)));
    }
    for (; j < c; j++) {
      const jo = <usize>j << 2;
      const j8 = <usize>j << 3;
      const t = <f64>load<f32>(dy + o + jo) - load<f64>(db + j8) - <f64>load<f32>(xhat + o + jo) * load<f64>(dg + j8);
      store<f32>(dx + o + jo, <f32>(t * load<f64>(sc + j8)));
    }
  }
}

// ── ReLU6 and its gradient, on the float bits (the JavaScript twins in cpuKernels.ts do the same) ──

/** The bits of 6.0f; for non-negative floats, integer order is float order. */
const SIX: i32 = 0x40c00000;

/** y = min(max(x, +0), 6) on the bits: a set sign bit zeroes the value, then a signed integer min. */
export function relu6(x: usize, y: usize, n: i32): void {
  const six = i32x4.splat(SIX);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const b = v128.load(x + o);
    v128.store(y + o, i32x4.min_s(v128.andnot(b, i32x4.shr_s(b, 31)), six));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const b = load<i32>(x + o);
    const p = b & ~(b >> 31);
    store<i32>(y + o, p < SIX ? p : SIX);
  }
}

/** dx = dy where 0 < x ≤ 6 (the bits of x in [1, bits(6)]), else +0. */
export function relu6Grad(dy: usize, x: usize, dx: usize, n: i32): void {
  const six = i32x4.splat(SIX);
  const one = i32x4.splat(1);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const b = v128.load(x + o);
    const outside = v128.or(v128.or(i32x4.shr_s(b, 31), i32x4.shr_s(i32x4.sub(b, one), 31)), i32x4.shr_s(i32x4.sub(six, b), 31));
    v128.store(dx + o, v128.andnot(v128.load(dy + o), outside));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const b = load<i32>(x + o);
    const outside = (b >> 31) | ((b - 1) >> 31) | ((SIX - b) >> 31);
    store<i32>(dx + o, load<i32>(dy + o) & ~outside);
  }
}

// ── BatchNorm with given statistics (evaluation), and the statistics of a batch (recalibration) ────

/** Per-channel mean and (biased) variance of x [rows, c], float64 sums as in bnTrain, written as float32. */
export function bnStats(x: usize, mean: usize, variance: usize, s: usize, rows: i32, c: i32): void {
  const m = s;
  const sq = s + (<usize>c << 3);
  memory.fill(s, 0, <usize>c << 4);
  const c2 = c & ~1;
  const n = <f64>rows;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * c) << 2);
    let j = 0;
    for (; j < c2; j += 2) v128.store(m + (<usize>j << 3), f64x2.add(v128.load(m + (<usize>j << 3)), f2(xr + (<usize>j << 2))));
    for (; j < c; j++) store<f64>(m + (<usize>j << 3), load<f64>(m + (<usize>j << 3)) + <f64>load<f32>(xr + (<usize>j << 2)));
  }
  for (let j = 0; j < c; j++) store<f64>(m + (<usize>j << 3), load<f64>(m + (<usize>j << 3)) / n);
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * c) << 2);
    let j = 0;
    for (; j < c2; j += 2) {
      const d = f64x2.sub(f2(xr + (<usize>j << 2)), v128.load(m + (<usize>j << 3)));
      v128.store(sq + (<usize>j << 3), f64x2.add(v128.load(sq + (<usize>j << 3)), f64x2.mul(d, d)));
    }
    for (; j < c; j++) {
      const d = <f64>load<f32>(xr + (<usize>j << 2)) - load<f64>(m + (<usize>j << 3));
      store<f64>(sq + (<usize>j << 3), load<f64>(sq + (<usize>j << 3)) + d * d);
    }
  }
  for (let j = 0; j < c; j++) {
    store<f32>(mean + (<usize>j << 2), <f32>load<f64>(m + (<usize>j << 3)));
    store<f32>(variance + (<usize>j << 2), <f32>(load<f64>(sq + (<usize>j << 3)) / n));
  }
}

/** y = (x − mean)·scale + beta per channel, float32 (each operation rounded). */
export function bnApply(x: usize, mean: usize, scale: usize, beta: usize, y: usize, rows: i32, c: i32): void {
  const c4 = c & ~3;
  for (let r = 0; r < rows; r++) {
    const o = <usize>(r * c) << 2;
    let j = 0;
    for (; j < c4; j += 4) {
      const jo = <usize>j << 2;
      v128.store(y + o + jo, f32x4.add(f32x4.mul(f32x4.sub(v128.load(x + o + jo), v128.load(mean + jo)), v128.load(scale + jo)), v128.load(beta + jo)));
    }
    for (; j < c; j++) {
      const jo = <usize>j << 2;
      store<f32>(y + o + jo, (load<f32>(x + o + jo) - load<f32>(mean + jo)) * load<f32>(scale + jo) + load<f32>(beta + jo));
    }
  }
}

// ── element-wise arithmetic ────────────────────────────────────────────────────────────────────────
// r[j] = x[j] ∘ y[j·ys] (ys 0 or 1) for j < n; with `flip`, y ∘ x. One float32 operation, correctly
// rounded: what JavaScript computes (in float64, rounded once to float32 on the store) for +, −, ×
// and ÷, whose double rounding is innocuous (53 ≥ 2·24 + 2 bits). Operation 0 add, 1 sub, 2 mul, 3 div.

export function binaryRun(op: i32, flip: i32, r: usize, x: usize, y: usize, n: i32, ys: i32): void {
  if (ys != 0 && flip != 0) {
    const t = x;
    x = y;
    y = t;
    flip = 0;
  }
  const n4 = n & ~3;
  if (ys != 0) {
    let j = 0;
    if (op == 0) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.add(v128.load(x + o), v128.load(y + o))); }
    else if (op == 1) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.sub(v128.load(x + o), v128.load(y + o))); }
    else if (op == 2) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.mul(v128.load(x + o), v128.load(y + o))); }
    else for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.div(v128.load(x + o), v128.load(y + o))); }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      const a = load<f32>(x + o);
      const b = load<f32>(y + o);
      store<f32>(r + o, op == 0 ? a + b : op == 1 ? a - b : op == 2 ? a * b : a / b);
    }
    return;
  }
  const s = load<f32>(y);
  const v = f32x4.splat(s);
  let j = 0;
  if (op == 0) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.add(v128.load(x + o), v)); }
  else if (op == 2) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.mul(v128.load(x + o), v)); }
  else if (op == 1 && flip == 0) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.sub(v128.load(x + o), v)); }
  else if (op == 1) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.sub(v, v128.load(x + o))); }
  else if (flip == 0) for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.div(v128.load(x + o), v)); }
  else for (; j < n4; j += 4) { const o = <usize>j << 2; v128.store(r + o, f32x4.div(v, v128.load(x + o))); }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const a = load<f32>(x + o);
    let q: f32;
    if (op == 0) q = a + s;
    else if (op == 2) q = a * s;
    else if (op == 1) q = flip == 0 ? a - s : s - a;
    else q = flip == 0 ? a / s : s / a;
    store<f32>(r + o, q);
  }
}

/** r[base + j] = x[base + j] ∘ y[j] for every run of m elements of x (a bias-like repeat), as binaryRun. */
export function binaryRepeat(op: i32, flip: i32, r: usize, x: usize, y: usize, n: i32, m: i32): void {
  for (let base = 0; base < n; base += m) {
    const o = <usize>base << 2;
    binaryRun(op, flip, r + o, x + o, y, m, 1);
  }
}

// ── full convolution (the stem), NHWC, as TF.js's CPU kernel computes it ───────────────────────────
// y[b,oy,ox,o] accumulates x·w over the taps (row, column) and input channels in that order, each
// term added in float64 and the sum rounded to float32 at once (TF.js stores it in a Float32Array):
//   y = f32(f64(y) + f64(x)·f64(w)), the product exact in float64.

export function conv2d(x: usize, f: usize, y: usize, B: i32, H: i32, W: i32, CI: i32, OH: i32, OW: i32, FH: i32, FW: i32, CO: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  memory.fill(y, 0, <usize>(B * OH * OW * CO) << 2);
  const co2 = CO & ~1;
  for (let bi = 0; bi < B; bi++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const yp = y + (<usize>(((bi * OH + oy) * OW + ox) * CO) << 2);
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let q = 0; q < FW; q++) {
            const xc = ox * sw + q - left;
            if (xc < 0 || xc >= W) continue;
            const xp = x + (<usize>(((bi * H + xr) * W + xc) * CI) << 2);
            const fp = f + (<usize>((r * FW + q) * CI * CO) << 2);
            for (let i = 0; i < CI; i++) {
              const xv = <f64>load<f32>(xp + (<usize>i << 2));
              const xs = f64x2.splat(xv);
              const wp = fp + (<usize>(i * CO) << 2);
              let o = 0;
              for (; o < co2; o += 2) {
                const oo = <usize>o << 2;
                const acc = f64x2.promote_low_f32x4(v128.load64_zero(yp + oo));
                const ww = f64x2.promote_low_f32x4(v128.load64_zero(wp + oo));
                v128.store64_lane(yp + oo, f32x4.demote_f64x2_zero(f64x2.add(acc, f64x2.mul(xs, ww))), 0);
              }
              for (; o < CO; o++) {
                const oo = <usize>o << 2;
                store<f32>(yp + oo, <f32>(<f64>load<f32>(yp + oo) + xv * <f64>load<f32>(wp + oo)));
              }
            }
          }
        }
      }
    }
  }
}

/**
 * The full convolution's filter gradient, as cpuKernels.ts's JavaScript loop computes it: float64
 * sums acc[r,c,i,o] += x·dy over (batch, out row, out column, tap row, tap column, in channel) in
 * that order, terms with x = 0 skipped, each rounded once to float32 at the end. `s` holds the
 * float64 sums (FH·FW·CI·CO of them).
 */
export function conv2dDw(x: usize, dy: usize, dw: usize, s: usize, B: i32, H: i32, W: i32, CI: i32, OH: i32, OW: i32, FH: i32, FW: i32, CO: i32, sh: i32, sw: i32, top: i32, left: i32): void {
  const total = FH * FW * CI * CO;
  memory.fill(s, 0, <usize>total << 3);
  const co2 = CO & ~1;
  for (let bi = 0; bi < B; bi++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const gp = dy + (<usize>(((bi * OH + oy) * OW + ox) * CO) << 2);
        for (let r = 0; r < FH; r++) {
          const xr = oy * sh + r - top;
          if (xr < 0 || xr >= H) continue;
          for (let q = 0; q < FW; q++) {
            const xc = ox * sw + q - left;
            if (xc < 0 || xc >= W) continue;
            const xp = x + (<usize>(((bi * H + xr) * W + xc) * CI) << 2);
            for (let i = 0; i < CI; i++) {
              const xi = <f64>load<f32>(xp + (<usize>i << 2));
              if (xi == 0) continue;
              const xs = f64x2.splat(xi);
              const ap = s + (<usize>(((r * FW + q) * CI + i) * CO) << 3);
              let o = 0;
              for (; o < co2; o += 2) {
                const g = f64x2.promote_low_f32x4(v128.load64_zero(gp + (<usize>o << 2)));
                const a = ap + (<usize>o << 3);
                v128.store(a, f64x2.add(v128.load(a), f64x2.mul(xs, g)));
              }
              for (; o < CO; o++) {
                const a = ap + (<usize>o << 3);
                store<f64>(a, load<f64>(a) + xi * <f64>load<f32>(gp + (<usize>o << 2)));
              }
            }
          }
        }
      }
    }
  }
  for (let j = 0; j < total; j++) store<f32>(dw + (<usize>j << 2), <f32>load<f64>(s + (<usize>j << 3)));
}
