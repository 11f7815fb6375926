;; Kernels of the PCS opening (p = 0x78000001): base-matrix × extension-weight dot products, the
;; reduced quotient accumulation, the FRI fold and 1/(x − z), on SIMD lanes (MONT4, MM, EXTMUL
;; below); the scalar i64 code described next remains in to_mont, col_dots_finish and the
;; denominators' tails.
;;
;; Arithmetic: Montgomery reduction with R = 2^32. For x < p·2^32,
;;   mont(x) = (x + q·p) >> 32,  q = lo32(x) · μ mod 2^32,  μ = −p⁻¹ mod 2^32 = 0x77ffffff,
;; is ≡ x·R⁻¹ (mod p) and lies in [0, 2p). Weights come in Montgomery form (w·R mod p), so
;; mont(v · wR) = v·w, and sums of reduced terms fit an i64 for 2^31 terms; one i64.rem_u per
;; output. Inputs canonical, outputs canonical. All pointers are byte offsets into the shared
;; heap; functions touch nothing else, so calls on disjoint ranges run in parallel.
(module
  (import "env" "memory" (memory 1 65536 shared))

;; Montgomery reduction and product, inlined by the build's macro expander (V8 does not inline
;; calls between wasm functions). Every function using them declares `(local $mt i64)`.
;;@define MONT (x) (i64.shr_u (i64.add (local.tee $mt %x) (i64.mul (i64.extend_i32_u (i32.mul (i32.wrap_i64 (local.get $mt)) (i32.const 0x77ffffff))) (i64.const 0x78000001))) (i64.const 32))
;;@define MULW (v w) (MONT (i64.mul %v (i64.extend_i32_u %w)))
;;@define MODP (x) (i32.wrap_i64 (i64.rem_u %x (i64.const 0x78000001)))
;; [0, 3p) -> [0, 2p): keeps Horner accumulators inside MONT's input bound (< p·2^32, and the
;; sum with q·p below 2^64).
;;@define LT2P (x) (select (i64.sub (local.tee $mt2 %x) (i64.const 0x78000001)) (local.get $mt2) (i64.ge_u (local.get $mt2) (i64.const 0x78000001)))

  ;; x -> x·R mod p, in place (R² mod p = 0x45dddde3 is pre-reduced: mont(x·R²) = x·R).
  (func (export "to_mont") (param $ptr i32) (param $n i32)
    (local $mt i64)
    (local $end i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (i32.store (local.get $ptr)
        (MODP (MONT (i64.mul (i64.load32_u (local.get $ptr)) (i64.const 0x45dddde3)))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
      (br $l))))

;; SIMD dot products: the four coefficients of an extension weight in the four i32 lanes, one
;; broadcast matrix value v. Products t = v·w < 2^62 are accumulated unreduced in two i64x2 (A:
;; coefficients 0, 1; B: 2, 3); every three products the sums are folded as
;;   S = H·2^32 + L ≡ H·(2^32 mod p) + L < 2^60.01   ("FOLD"),
;; which leaves room for three more products below 2^64 (2^60.01 + 3·(p−1)² < 2^64). Four
;; products cost two extmuls and two adds (the scalar code it replaced: four Montgomery
;; reductions). $vc = splat(2^32 mod p); FOLD needs v128 locals $vh $vl, MAC $v $w.
;;@define SHI (a b) (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 %a %b)
;;@define SLO (a b) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 %a %b)
;;@define FOLD (A B) (local.set $vh (SHI (local.get %A) (local.get %B))) (local.set $vl (SLO (local.get %A) (local.get %B))) (local.set %A (i64x2.add (i64x2.extmul_low_i32x4_u (local.get $vh) (local.get $vc)) (i64x2.extend_low_i32x4_u (local.get $vl)))) (local.set %B (i64x2.add (i64x2.extmul_high_i32x4_u (local.get $vh) (local.get $vc)) (i64x2.extend_high_i32x4_u (local.get $vl))))
;;@include ../wasm/simd-macros.wat.inc
;; a·b·2^-32 mod p on four lanes, canonical, for a < 2^32 and b < p (or the other way round):
;; MONT4 of the lanes' products. Needs v128 locals $ma $mb $pa $pb besides MONT4's.
;;@define MM (a b) (block (result v128) (local.set $ma %a) (local.set $mb %b) (local.set $pa (i64x2.extmul_low_i32x4_u (local.get $ma) (local.get $mb))) (local.set $pb (i64x2.extmul_high_i32x4_u (local.get $ma) (local.get $mb))) (MONT4 (local.get $pa) (local.get $pb)))
;; The extension product a·b of one element per vector (lane k: coefficient k; x^4 = 11), for a
;; canonical and b in Montgomery form with c = 11·b (Montgomery form, canonical): lane k sums
;; a_j·b_(k−j), the wrapped terms taking 11·b, four products below 4p² < 2^64, FOLDed below
;; p·2^32 and reduced by MONT4 to the canonical a·b. Broadcasts of a's lanes and rotations of
;; (b, c) are shuffles. Needs EXTMUL_LOCALS and EXTMUL_CONSTS.
;;@define EXTMUL (a b c) (block (result v128) (local.set $ea %a) (local.set $eb %b) (local.set $ec %c) (local.set $ex (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $ea) (local.get $ea))) (local.set $eA (i64x2.extmul_low_i32x4_u (local.get $ex) (local.get $eb))) (local.set $eB (i64x2.extmul_high_i32x4_u (local.get $ex) (local.get $eb))) (EXTMAC (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $ea) (local.get $ea)) (i8x16.shuffle 28 29 30 31 0 1 2 3 4 5 6 7 8 9 10 11 (local.get $eb) (local.get $ec))) (EXTMAC (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $ea) (local.get $ea)) (i8x16.shuffle 24 25 26 27 28 29 30 31 0 1 2 3 4 5 6 7 (local.get $eb) (local.get $ec))) (EXTMAC (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $ea) (local.get $ea)) (i8x16.shuffle 20 21 22 23 24 25 26 27 28 29 30 31 0 1 2 3 (local.get $eb) (local.get $ec))) (FOLD $eA $eB) (MONT4 (local.get $eA) (local.get $eB)))
;;@define EXTMAC (x y) (local.set $ex %x) (local.set $ey %y) (local.set $eA (i64x2.add (local.get $eA) (i64x2.extmul_low_i32x4_u (local.get $ex) (local.get $ey)))) (local.set $eB (i64x2.add (local.get $eB) (i64x2.extmul_high_i32x4_u (local.get $ex) (local.get $ey))))
;;@define EXTMUL_LOCALS () (local $ea v128) (local $eb v128) (local $ec v128) (local $ex v128) (local $ey v128) (local $eA v128) (local $eB v128) (local $vc v128) (local $vh v128) (local $vl v128) (MMLOCALS)
;;@define EXTMUL_CONSTS () (MMCONSTS) (local.set $vc (i32x4.splat (i32.const 268435454)))
;; 11·b for b in Montgomery form (11·2^32 mod p = 0x37ffffe9): EXTMUL's third argument.
;;@define MUL11 (b) (MM %b (i32x4.splat (i32.const 0x37ffffe9)))
;;@define MMLOCALS () (local $vp v128) (local $vmu v128) (local $r v128) (local $ma v128) (local $mb v128) (local $pa v128) (local $pb v128)
;;@define MMCONSTS () (local.set $vp (i32x4.splat (i32.const 0x78000001))) (local.set $vmu (i32x4.splat (i32.const 0x88000001)))
;;@define MAC (A B v w) (local.set $v %v) (local.set $w %w) (local.set %A (i64x2.add (local.get %A) (i64x2.extmul_low_i32x4_u (local.get $v) (local.get $w)))) (local.set %B (i64x2.add (local.get %B) (i64x2.extmul_high_i32x4_u (local.get $v) (local.get $w))))
;; mont(S) of four i64 products S (A: lanes 0, 1; B: 2, 3), each below p·2^32: r = lo(S)·p⁻¹ mod 2^32,
;; then hi(S) − hi(r·p) ∈ (−p, p) exactly (the low halves agree), + p if negative: canonical.
;; Needs v128 locals $vp = splat(p), $vmu = splat(p⁻¹ mod 2^32), $r.
;;@define MONT4 (A B) (local.set $r (i32x4.mul (SLO %A %B) (local.get $vmu))) (local.set $r (i32x4.sub (SHI %A %B) (SHI (i64x2.extmul_low_i32x4_u (local.get $r) (local.get $vp)) (i64x2.extmul_high_i32x4_u (local.get $r) (local.get $vp))))) (i32x4.min_u (local.get $r) (i32x4.add (local.get $r) (local.get $vp)))

  ;; For rows [r0, r1) of a width-w matrix at $m: out[i] += Σ_c m[i][c] · wt[c]  (ext, 4 words
  ;; per row of out, canonical; wt: 4 words per column, Montgomery form). The row's sum S =
  ;; Σ v·wR (folded below p·2^32) leaves as mont(S) = Σ v·w: q = lo(S)·p⁻¹ mod 2^32, then
  ;; hi(S) − hi(q·p) ∈ (−p, p) exactly (the low halves agree), + p if negative.
  (func (export "row_dots_acc") (param $m i32) (param $width i32) (param $r0 i32) (param $r1 i32)
                                (param $wt i32) (param $out i32)
    (local $i i32) (local $p i32) (local $q i32) (local $end i32) (local $end3 i32) (local $o i32)
    (local $vp v128) (local $vmu v128) (local $vc v128) (local $vh v128) (local $vl v128)
    (local $a v128) (local $b v128) (local $r v128) (local $s v128) (local $v v128) (local $w v128)
    (local.set $vp (i32x4.splat (i32.const 0x78000001)))
    (local.set $vmu (i32x4.splat (i32.const 0x88000001)))
    (local.set $vc (i32x4.splat (i32.const 268435454)))
    (local.set $i (local.get $r0))
    (block $rows (loop $row
      (br_if $rows (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $p (i32.add (local.get $m) (i32.shl (i32.mul (local.get $i) (local.get $width)) (i32.const 2))))
      (local.set $end (i32.add (local.get $p) (i32.shl (local.get $width) (i32.const 2))))
      (local.set $end3 (i32.add (local.get $p) (i32.mul (i32.div_u (local.get $width) (i32.const 3)) (i32.const 12))))
      (local.set $q (local.get $wt))
      (local.set $a (v128.const i64x2 0 0))
      (local.set $b (v128.const i64x2 0 0))
      (block $triples (loop $triple
        (br_if $triples (i32.ge_u (local.get $p) (local.get $end3)))
        (MAC $a $b (v128.load32_splat (local.get $p)) (v128.load (local.get $q)))
        (MAC $a $b (v128.load32_splat offset=4 (local.get $p)) (v128.load offset=16 (local.get $q)))
        (MAC $a $b (v128.load32_splat offset=8 (local.get $p)) (v128.load offset=32 (local.get $q)))
        (FOLD $a $b)
        (local.set $p (i32.add (local.get $p) (i32.const 12)))
        (local.set $q (i32.add (local.get $q) (i32.const 48)))
        (br $triple)))
      (block $tail (loop $col
        (br_if $tail (i32.ge_u (local.get $p) (local.get $end)))
        (MAC $a $b (v128.load32_splat (local.get $p)) (v128.load (local.get $q)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $col)))
      (FOLD $a $b)
      (local.set $r (MONT4 (local.get $a) (local.get $b)))
      ;; out[i] += the row's sum (both canonical)
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $s (i32x4.add (v128.load (local.get $o)) (local.get $r)))
      (v128.store (local.get $o) (i32x4.min_u (local.get $s) (i32x4.sub (local.get $s) (local.get $vp))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))

  ;; For rows [r0, r1): acc[c] += Σ_i m[i][c] · wt[i]  (wt: 4 canonical words per row; acc: 4
  ;; i64 per column, congruent to the sum, below 2^60.01 between calls). `col_dots_finish`
  ;; reduces acc into canonical words. Three rows per pass over the columns, then one FOLD.
  (func (export "col_dots_acc") (param $m i32) (param $width i32) (param $r0 i32) (param $r1 i32)
                                (param $wt i32) (param $acc i32)
    (local $i i32) (local $p i32) (local $end i32) (local $row i32) (local $a i32)
    (local $vc v128) (local $vh v128) (local $vl v128) (local $x v128) (local $y v128)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $v v128) (local $w v128)
    (local.set $vc (i32x4.splat (i32.const 268435454)))
    (local.set $row (i32.shl (local.get $width) (i32.const 2)))
    (local.set $i (local.get $r0))
    (block $triples (loop $triple
      (br_if $triples (i32.gt_u (i32.add (local.get $i) (i32.const 3)) (local.get $r1)))
      (local.set $w0 (v128.load (i32.add (local.get $wt) (i32.shl (local.get $i) (i32.const 4)))))
      (local.set $w1 (v128.load offset=16 (i32.add (local.get $wt) (i32.shl (local.get $i) (i32.const 4)))))
      (local.set $w2 (v128.load offset=32 (i32.add (local.get $wt) (i32.shl (local.get $i) (i32.const 4)))))
      (local.set $p (i32.add (local.get $m) (i32.mul (local.get $i) (local.get $row))))
      (local.set $end (i32.add (local.get $p) (local.get $row)))
      (local.set $a (local.get $acc))
      (block $cols (loop $col
        (br_if $cols (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load offset=16 (local.get $a)))
        (MAC $x $y (v128.load32_splat (local.get $p)) (local.get $w0))
        (MAC $x $y (v128.load32_splat (i32.add (local.get $p) (local.get $row))) (local.get $w1))
        (MAC $x $y (v128.load32_splat (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1)))) (local.get $w2))
        (FOLD $x $y)
        (v128.store (local.get $a) (local.get $x))
        (v128.store offset=16 (local.get $a) (local.get $y))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (br $col)))
      (local.set $i (i32.add (local.get $i) (i32.const 3)))
      (br $triple)))
    (block $rows (loop $one
      (br_if $rows (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $w0 (v128.load (i32.add (local.get $wt) (i32.shl (local.get $i) (i32.const 4)))))
      (local.set $p (i32.add (local.get $m) (i32.mul (local.get $i) (local.get $row))))
      (local.set $end (i32.add (local.get $p) (local.get $row)))
      (local.set $a (local.get $acc))
      (block $cols (loop $col
        (br_if $cols (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $x (v128.load (local.get $a)))
        (local.set $y (v128.load offset=16 (local.get $a)))
        (MAC $x $y (v128.load32_splat (local.get $p)) (local.get $w0))
        (FOLD $x $y)
        (v128.store (local.get $a) (local.get $x))
        (v128.store offset=16 (local.get $a) (local.get $y))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (br $col)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $one))))

  ;; out[k] = acc[k] mod p for k < n (acc: i64 words).
  (func (export "col_dots_finish") (param $acc i32) (param $out i32) (param $n i32)
    (local $k i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (i32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))
        (MODP (i64.load (i32.add (local.get $acc) (i32.shl (local.get $k) (i32.const 3))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l))))

  ;; For i in [r0, r1): out[i] = v[i]·s[i]·R⁻¹ (v ext, 4 words per element; s base, one word
  ;; every $step bytes: 4, or 0 for one scale for all; all canonical): a Montgomery-form v gives
  ;; the canonical product, a Montgomery-form s keeps v's form.
  (func (export "ext_scale_base") (param $v i32) (param $s i32) (param $step i32) (param $out i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $o i32) (local $x v128) (local $y v128) (local $a v128) (local $b v128)
    (local $vp v128) (local $vmu v128) (local $r v128)
    (local.set $vp (i32x4.splat (i32.const 0x78000001)))
    (local.set $vmu (i32x4.splat (i32.const 0x88000001)))
    (local.set $i (local.get $r0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $o (i32.shl (local.get $i) (i32.const 4)))
      (local.set $x (v128.load (i32.add (local.get $v) (local.get $o))))
      (local.set $y (v128.load32_splat (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $step)))))
      (local.set $a (i64x2.extmul_low_i32x4_u (local.get $x) (local.get $y)))
      (local.set $b (i64x2.extmul_high_i32x4_u (local.get $x) (local.get $y)))
      (v128.store (i32.add (local.get $out) (local.get $o)) (MONT4 (local.get $a) (local.get $b)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; For i in [r0, r1): acc[i] += (s·t[i] − C) · inv[i]  (ext, one element per iteration on the
  ;; four lanes; C: 4 canonical words at $cst; inv in Montgomery form; s: 4 Montgomery words at
  ;; $s, or $s = 0 for s = 1: the scaled form spares the caller a pass s·t into a scratch vector).
  (func (export "quotient_acc") (param $acc i32) (param $t i32) (param $cst i32) (param $inv i32)
                                (param $s i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $o i32) (local $a v128) (local $b v128) (local $c v128)
    (local $sv v128) (local $s11 v128)
    (EXTMUL_LOCALS)
    (EXTMUL_CONSTS)
    (local.set $c (v128.load (local.get $cst)))
    (if (local.get $s) (then
      (local.set $sv (v128.load (local.get $s)))
      (local.set $s11 (MUL11 (local.get $sv)))))
    (local.set $i (local.get $r0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $o (i32.shl (local.get $i) (i32.const 4)))
      (local.set $a (v128.load (i32.add (local.get $t) (local.get $o))))
      (if (local.get $s) (then (local.set $a (EXTMUL (local.get $a) (local.get $sv) (local.get $s11)))))
      ;; a − C, canonical (both canonical)
      (local.set $a (i32x4.sub (local.get $a) (local.get $c)))
      (local.set $a (i32x4.min_u (local.get $a) (i32x4.add (local.get $a) (local.get $vp))))
      (local.set $b (v128.load (i32.add (local.get $inv) (local.get $o))))
      (local.set $b (EXTMUL (local.get $a) (local.get $b) (MUL11 (local.get $b))))
      (local.set $o (i32.add (local.get $acc) (local.get $o)))
      (local.set $b (i32x4.add (v128.load (local.get $o)) (local.get $b)))
      (v128.store (local.get $o) (i32x4.min_u (local.get $b) (i32x4.sub (local.get $b) (local.get $vp))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
  ;; FRI fold of pairs [k0, k1): dst[k] = (lo + hi)/2 + β·(lo − hi)·tw[k], lo/hi = src rows 2k,
  ;; 2k+1 (ext, one element per vector); tw: 1/(2·y0) per pair and $beta: 4 words, both in
  ;; Montgomery form.
  (func (export "fold_pairs") (param $src i32) (param $dst i32) (param $tw i32) (param $beta i32)
                              (param $k0 i32) (param $k1 i32)
    (local $k i32) (local $s i32) (local $lo v128) (local $hi v128) (local $d v128) (local $e v128)
    (local $bv v128) (local $b11 v128)
    (EXTMUL_LOCALS)
    (EXTMUL_CONSTS)
    (local.set $bv (v128.load (local.get $beta)))
    (local.set $b11 (MUL11 (local.get $bv)))
    (local.set $k (local.get $k0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $k) (local.get $k1)))
      (local.set $s (i32.add (local.get $src) (i32.shl (local.get $k) (i32.const 5))))
      (local.set $lo (v128.load (local.get $s)))
      (local.set $hi (v128.load offset=16 (local.get $s)))
      ;; d = (lo − hi)·tw canonical, e = (lo + hi)·(1/2) with inv(2)·R = 0x7ffffff
      (local.set $d (i32x4.add (i32x4.sub (local.get $lo) (local.get $hi)) (local.get $vp)))
      (local.set $d (MM (local.get $d) (v128.load32_splat (i32.add (local.get $tw) (i32.shl (local.get $k) (i32.const 2))))))
      (local.set $e (MM (i32x4.add (local.get $lo) (local.get $hi)) (i32x4.splat (i32.const 0x7ffffff))))
      (local.set $d (i32x4.add (local.get $e) (EXTMUL (local.get $d) (local.get $bv) (local.get $b11))))
      (v128.store (i32.add (local.get $dst) (i32.shl (local.get $k) (i32.const 4)))
        (i32x4.min_u (local.get $d) (i32x4.sub (local.get $d) (local.get $vp))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $l))))

  ;; dst[i] = start·z^(i − r0) for i in [r0, r1) (ext; start: 4 canonical words at $start, z: 4
  ;; Montgomery words at $z). Ranges run in parallel, each from its own start = z^r0.
  (func (export "ext_powers") (param $dst i32) (param $start i32) (param $z i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $p i32) (local $x v128) (local $zv v128) (local $z11 v128)
    (EXTMUL_LOCALS)
    (EXTMUL_CONSTS)
    (if (i32.ge_u (local.get $r0) (local.get $r1)) (then (return)))
    (local.set $zv (v128.load (local.get $z)))
    (local.set $z11 (MUL11 (local.get $zv)))
    (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $r0) (i32.const 4))))
    (local.set $x (v128.load (local.get $start)))
    (v128.store (local.get $p) (local.get $x))
    (local.set $i (i32.add (local.get $r0) (i32.const 1)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $x (EXTMUL (local.get $x) (local.get $zv) (local.get $z11)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (v128.store (local.get $p) (local.get $x))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; acc[i] += v[i]·s for i in [r0, r1) (ext, one element per vector; s: 4 Montgomery words at $s).
  (func (export "ext_axpy") (param $acc i32) (param $v i32) (param $s i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $q i32) (local $sv v128) (local $s11 v128) (local $x v128)
    (EXTMUL_LOCALS)
    (EXTMUL_CONSTS)
    (local.set $sv (v128.load (local.get $s)))
    (local.set $s11 (MUL11 (local.get $sv)))
    (local.set $i (local.get $r0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $q (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 4))))
      (local.set $x (EXTMUL (v128.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4)))) (local.get $sv) (local.get $s11)))
      (local.set $x (i32x4.add (v128.load (local.get $q)) (local.get $x)))
      (v128.store (local.get $q) (i32x4.min_u (local.get $x) (i32x4.sub (local.get $x) (local.get $vp))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
;; ---- 1/(x − z) through z's minimal polynomial (see denominators.ts) -----------------------
  ;; For i in [r0, r1): norms[i] = m(x_i) = x^4 + m3·x^3 + m2·x^2 + m1·x + m0 (canonical), with
  ;; m0..m3 canonical at $m. Horner in Montgomery form: acc·(x·R) reduces to acc·x.
  ;; Four points at a time on SIMD lanes (MM: each Horner step's sum stays below 2p < 2^32), the
  ;; scalar loop the rest.
  (func (export "min_poly_eval") (param $xs i32) (param $norms i32) (param $m i32) (param $r0 i32) (param $r1 i32)
    (local $mt i64) (local $mt2 i64) (local $i i32) (local $xr i32) (local $acc i64) (local $o i32)
    (local $vx v128) (local $vxr v128) (local $va v128)
    (MMLOCALS)
    (MMCONSTS)
    (local.set $i (local.get $r0))
    (VLOOP4 (block
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $vx (v128.load (i32.add (local.get $xs) (local.get $o))))
      (local.set $vxr (MM (local.get $vx) (i32x4.splat (i32.const 0x45dddde3))))
      (local.set $va (i32x4.add (local.get $vx) (v128.load32_splat offset=12 (local.get $m))))
      (local.set $va (i32x4.add (MM (local.get $va) (local.get $vxr)) (v128.load32_splat offset=8 (local.get $m))))
      (local.set $va (i32x4.add (MM (local.get $va) (local.get $vxr)) (v128.load32_splat offset=4 (local.get $m))))
      (local.set $va (i32x4.add (MM (local.get $va) (local.get $vxr)) (v128.load32_splat (local.get $m))))
      (v128.store (i32.add (local.get $norms) (local.get $o))
        (i32x4.min_u (local.get $va) (i32x4.sub (local.get $va) (local.get $vp))))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $acc (i64.load32_u (i32.add (local.get $xs) (local.get $o))))
      ;; x·R mod p (R² mod p = 0x45dddde3), as a canonical i32
      (local.set $xr (MODP (MONT (i64.mul (local.get $acc) (i64.const 0x45dddde3)))))
      (local.set $acc (i64.add (local.get $acc) (i64.load32_u offset=12 (local.get $m))))
      (local.set $acc (LT2P (i64.add (MULW (local.get $acc) (local.get $xr)) (i64.load32_u offset=8 (local.get $m)))))
      (local.set $acc (LT2P (i64.add (MULW (local.get $acc) (local.get $xr)) (i64.load32_u offset=4 (local.get $m)))))
      (local.set $acc (i64.add (MULW (local.get $acc) (local.get $xr)) (i64.load32_u (local.get $m))))
      (i32.store (i32.add (local.get $norms) (local.get $o)) (MODP (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; For i in [r0, r1): out[i] = q(x_i) · g_i with q(X) = X^3 + q2·X^2 + q1·X + q0 (ext
  ;; coefficients q0, q1, q2: 12 canonical words at $q) and g_i = inv[i]·F·R⁻¹ (F at $f, a
  ;; canonical constant chosen by the caller), times scale[i]·R⁻¹ when $scale ≠ 0. With F a power
  ;; of R the caller gets canonical or Montgomery output, scaled or not.
  ;; Four points at a time on SIMD lanes (one point per lane, transposed to interleaved ext for
  ;; the stores), the scalar loop the rest.
  (func (export "inv_diff_finish") (param $xs i32) (param $inv i32) (param $scale i32) (param $q i32)
                                   (param $f i32) (param $out i32) (param $r0 i32) (param $r1 i32)
    (local $mt i64) (local $mt2 i64) (local $i i32) (local $o i32) (local $x i64) (local $xr i32) (local $g i32)
    (local $c0 i64) (local $c1 i64) (local $c2 i64) (local $c3 i64) (local $d i32)
    (local $vx v128) (local $vxr v128) (local $vg v128) (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $u0 v128) (local $u1 v128) (local $u2 v128) (local $u3 v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (MMLOCALS)
    (MMCONSTS)
    (local.set $i (local.get $r0))
    (VLOOP4 (block
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $vx (v128.load (i32.add (local.get $xs) (local.get $o))))
      (local.set $vxr (MM (local.get $vx) (i32x4.splat (i32.const 0x45dddde3))))
      (local.set $vg (MM (v128.load (i32.add (local.get $inv) (local.get $o))) (i32x4.splat (local.get $f))))
      (if (local.get $scale)
        (then (local.set $vg (MM (v128.load (i32.add (local.get $scale) (local.get $o))) (local.get $vg)))))
      ;; q(x) coefficient by coefficient (lane j: point i + j), coefficient 0 with the monic X^3
      (local.set $k0 (i32x4.add (MM (i32x4.add (MM (i32x4.add (local.get $vx) (v128.load32_splat offset=32 (local.get $q))) (local.get $vxr))
        (v128.load32_splat offset=16 (local.get $q))) (local.get $vxr)) (v128.load32_splat (local.get $q))))
      (local.set $k1 (i32x4.add (MM (i32x4.add (MM (v128.load32_splat offset=36 (local.get $q)) (local.get $vxr))
        (v128.load32_splat offset=20 (local.get $q))) (local.get $vxr)) (v128.load32_splat offset=4 (local.get $q))))
      (local.set $k2 (i32x4.add (MM (i32x4.add (MM (v128.load32_splat offset=40 (local.get $q)) (local.get $vxr))
        (v128.load32_splat offset=24 (local.get $q))) (local.get $vxr)) (v128.load32_splat offset=8 (local.get $q))))
      (local.set $k3 (i32x4.add (MM (i32x4.add (MM (v128.load32_splat offset=44 (local.get $q)) (local.get $vxr))
        (v128.load32_splat offset=28 (local.get $q))) (local.get $vxr)) (v128.load32_splat offset=12 (local.get $q))))
      (local.set $k0 (MM (local.get $k0) (local.get $vg)))
      (local.set $k1 (MM (local.get $k1) (local.get $vg)))
      (local.set $k2 (MM (local.get $k2) (local.get $vg)))
      (local.set $k3 (MM (local.get $k3) (local.get $vg)))
      (TRANSPOSE $k0 $k1 $k2 $k3)
      (local.set $d (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
      (v128.store (local.get $d) (local.get $x0))
      (v128.store offset=16 (local.get $d) (local.get $x1))
      (v128.store offset=32 (local.get $d) (local.get $x2))
      (v128.store offset=48 (local.get $d) (local.get $x3))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $x (i64.load32_u (i32.add (local.get $xs) (local.get $o))))
      (local.set $xr (MODP (MONT (i64.mul (local.get $x) (i64.const 0x45dddde3)))))
      (local.set $g (MODP (MULW (i64.load32_u (i32.add (local.get $inv) (local.get $o))) (local.get $f))))
      (if (local.get $scale)
        (then (local.set $g (MODP (MULW (i64.load32_u (i32.add (local.get $scale) (local.get $o))) (local.get $g))))))
      ;; coefficient 0 has the monic X^3 term: ((x + q2_0)·x + q1_0)·x + q0_0
      (local.set $c0 (LT2P (i64.add (MULW (LT2P (i64.add (MULW (i64.add (local.get $x) (i64.load32_u offset=32 (local.get $q))) (local.get $xr))
        (i64.load32_u offset=16 (local.get $q)))) (local.get $xr)) (i64.load32_u (local.get $q)))))
      (local.set $c1 (LT2P (i64.add (MULW (LT2P (i64.add (MULW (i64.load32_u offset=36 (local.get $q)) (local.get $xr))
        (i64.load32_u offset=20 (local.get $q)))) (local.get $xr)) (i64.load32_u offset=4 (local.get $q)))))
      (local.set $c2 (LT2P (i64.add (MULW (LT2P (i64.add (MULW (i64.load32_u offset=40 (local.get $q)) (local.get $xr))
        (i64.load32_u offset=24 (local.get $q)))) (local.get $xr)) (i64.load32_u offset=8 (local.get $q)))))
      (local.set $c3 (LT2P (i64.add (MULW (LT2P (i64.add (MULW (i64.load32_u offset=44 (local.get $q)) (local.get $xr))
        (i64.load32_u offset=28 (local.get $q)))) (local.get $xr)) (i64.load32_u offset=12 (local.get $q)))))
      (local.set $d (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 4))))
      (i32.store (local.get $d) (MODP (MULW (local.get $c0) (local.get $g))))
      (i32.store offset=4 (local.get $d) (MODP (MULW (local.get $c1) (local.get $g))))
      (i32.store offset=8 (local.get $d) (MODP (MULW (local.get $c2) (local.get $g))))
      (i32.store offset=12 (local.get $d) (MODP (MULW (local.get $c3) (local.get $g))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
)
