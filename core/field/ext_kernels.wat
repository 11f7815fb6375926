;; Batch inversion of extension elements (F_p[x]/(x^4 − 11), p = 0x78000001) through their norms,
;; in ranges that run on different threads: `ext_norms` maps each element d to a base value n(d),
;; the caller inverts all the n(d) at once in the base field (a SIMD kernel), and
;; `ext_inv_from_norms` turns each n(d)⁻¹ back into d⁻¹ in place. Every element is independent:
;; no chain of products runs through the elements (Montgomery's trick in the extension was one
;; long chain of extension products, latency-bound, three per element).
;;
;; The algebra: with Y = x² (Y² = 11), d = A + B·x for A = a0 + a2·Y, B = a1 + a3·Y, and
;;   (A + Bx)(A − Bx) = A² − B²·Y =: e0 + e1·Y,  (e0 + e1·Y)(e0 − e1·Y) = e0² − 11·e1² =: n(d),
;; so 1/d = (A − Bx)·f with f = (e0 − e1·Y)/n(d) = f0 + f1·Y. n(d) = 0 exactly when d = 0.
;;
;; Arithmetic on canonical values in i64: a product of two is below p² < 2^62, and each sum
;; below is checked to stay under 2^64 before its one i64.rem_u (independent remainders overlap
;; in the CPU: ~1.4 ns each, measured, against ~5 ns in a dependent chain).
;;
;; Four elements at a time the same algebra runs on SIMD lanes (bb_vector.wat's products, one
;; element per lane after a 4×4 transpose); the scalar loops do the remaining r1 − r0 mod 4.
;; (2^22 elements, a quarter left out, both threads: 85 → 68 ms against the scalar loops alone.)
;; The caller of a V macro declares $vp, $vc, $vcs, $v11, $v11s and the temporaries $t, $mh,
;; $ml, $mr (v128).
;;@include ../wasm/simd-macros.wat.inc
;;@define VRED (x) (i32x4.min_u (local.tee $t %x) (i32x4.sub (local.get $t) (local.get $vp)))
;;@define VADD (x y) (VRED (i32x4.add %x %y))
;;@define VSUB (x y) (i32x4.min_u (local.tee $t (i32x4.sub %x %y)) (i32x4.add (local.get $t) (local.get $vp)))
;;@define HI64 (x y) (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 %x %y)
;;@define VMUL (x y) (block (result v128) (local.set $mh (HI64 (i64x2.extmul_low_i32x4_u (local.get %x) (local.get %y)) (i64x2.extmul_high_i32x4_u (local.get %x) (local.get %y)))) (local.set $ml (VRED (i32x4.mul (local.get %x) (local.get %y)))) (local.set $mr (VRED (i32x4.sub (i32x4.mul (local.get $mh) (local.get $vc)) (i32x4.mul (HI64 (i64x2.extmul_low_i32x4_u (local.get $mh) (local.get $vcs)) (i64x2.extmul_high_i32x4_u (local.get $mh) (local.get $vcs))) (local.get $vp))))) (VRED (VRED (i32x4.add (local.get $mr) (local.get $ml)))))
;;@define VMUL11 (x) (block (result v128) (local.set $mh %x) (VRED (i32x4.sub (i32x4.mul (local.get $mh) (local.get $v11)) (i32x4.mul (HI64 (i64x2.extmul_low_i32x4_u (local.get $mh) (local.get $v11s)) (i64x2.extmul_high_i32x4_u (local.get $mh) (local.get $v11s))) (local.get $vp)))))
;; Lanes k of the four elements at %p into $x0..$x3 (element j's coefficient k in lane j), via
;; $q0..$q3 (the elements as loaded) and $u0..$u3.
;;@define LOAD4 (p) (local.set $q0 (v128.load %p)) (local.set $q1 (v128.load offset=16 %p)) (local.set $q2 (v128.load offset=32 %p)) (local.set $q3 (v128.load offset=48 %p)) (TRANSPOSE $q0 $q1 $q2 $q3)
;; e0 and e1 of the four elements in $x0..$x3, into $e0v and $e1v.
;;@define NORM_PARTS () (local.set $s0 (VMUL $x0 $x0)) (local.set $s1 (VMUL11 (VMUL $x2 $x2))) (local.set $s2 (VMUL11 (VMUL $x1 $x3))) (local.set $e0v (VSUB (VADD (local.get $s0) (local.get $s1)) (VADD (local.get $s2) (local.get $s2)))) (local.set $s0 (VMUL $x0 $x2)) (local.set $s1 (VMUL $x1 $x1)) (local.set $s2 (VMUL11 (VMUL $x3 $x3))) (local.set $e1v (VSUB (VSUB (VADD (local.get $s0) (local.get $s0)) (local.get $s1)) (local.get $s2)))
;; The mask of left-out lanes among elements $i..$i+3 (all-ones where skip[i] = 0).
;;@define SKIP_MASK () (if (result v128) (i32.eqz (local.get $skip)) (then (v128.const i32x4 0 0 0 0)) (else (i32x4.eq (v128.load (i32.add (local.get $skip) (i32.shl (local.get $i) (i32.const 2)))) (v128.const i32x4 0 0 0 0))))
;;@define VLOCALS () (local $vp v128) (local $vc v128) (local $vcs v128) (local $v11 v128) (local $v11s v128) (local $t v128) (local $mh v128) (local $ml v128) (local $mr v128) (local $q0 v128) (local $q1 v128) (local $q2 v128) (local $q3 v128) (local $u0 v128) (local $u1 v128) (local $u2 v128) (local $u3 v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $e0v v128) (local $e1v v128) (local $m v128)
;; p, 2^32 mod p and 11 with their Shoup companions (bb_vector.wat).
;;@define VCONSTS () (local.set $vp (v128.const i32x4 0x78000001 0x78000001 0x78000001 0x78000001)) (local.set $vc (v128.const i32x4 268435454 268435454 268435454 268435454)) (local.set $vcs (v128.const i32x4 572662301 572662301 572662301 572662301)) (local.set $v11 (v128.const i32x4 11 11 11 11)) (local.set $v11s (v128.const i32x4 23 23 23 23))
(module
  (import "env" "memory" (memory 1 65536 shared))

;;@define P64 () (i64.const 0x78000001)
;;@define PP () (i64.const 0x38400000f0000001)
;;@define MODP (x) (i64.rem_u %x (i64.const 0x78000001))
;; Whether element $i is left out: $skip ≠ 0 and skip[i] = 0 (a LogUp multiplicity of zero).
;;@define SKIPPED () (i32.and (i32.ne (local.get $skip) (i32.const 0)) (i32.eqz (i32.load (i32.add (local.get $skip) (i32.shl (local.get $i) (i32.const 2))))))

  ;; e0 = a0² + 11·a2² − 22·a1·a3 and e1 = 2·a0·a2 − a1² − 11·a3², canonical, of the element at
  ;; $p, left in $e0 and $e1 of the caller (a macro body: the caller declares a0..a3, e0, e1).
;;@define LOAD_E (p) (local.set $a0 (i64.load32_u %p)) (local.set $a1 (i64.load32_u offset=4 %p)) (local.set $a2 (i64.load32_u offset=8 %p)) (local.set $a3 (i64.load32_u offset=12 %p)) (local.set $e0 (MODP (i64.add (i64.add (i64.mul (local.get $a0) (local.get $a0)) (i64.mul (i64.const 11) (MODP (i64.mul (local.get $a2) (local.get $a2))))) (i64.mul (i64.const 22) (i64.sub (P64) (MODP (i64.mul (local.get $a1) (local.get $a3)))))))) (local.set $e1 (MODP (i64.add (i64.add (i64.mul (i64.const 2) (i64.mul (local.get $a0) (local.get $a2))) (i64.sub (PP) (i64.mul (local.get $a1) (local.get $a1)))) (i64.mul (i64.const 11) (i64.sub (P64) (MODP (i64.mul (local.get $a3) (local.get $a3))))))))

  ;; norms[i] = n(v_i) = e0² − 11·e1² (canonical) for i in [r0, r1); v is interleaved ext.
  ;; With $skip ≠ 0, elements whose word skip[i] is 0 are left out: their norm is set to 1 (so
  ;; the base inversion stays defined) and `ext_inv_from_norms` leaves them as they are.
  ;; Sums: a0² + 11·a2² + 22·p < 2^62 + 2^37; 2·a0·a2 + p² + 11·p < 2^63 + 2^62 + 2^35.
  (func (export "ext_norms") (param $v i32) (param $norms i32) (param $skip i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $p i32)
    (local $a0 i64) (local $a1 i64) (local $a2 i64) (local $a3 i64) (local $e0 i64) (local $e1 i64)
    (VLOCALS)
    (VCONSTS)
    (local.set $i (local.get $r0))
    (VLOOP4 (block
      (LOAD4 (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4))))
      (NORM_PARTS)
      (local.set $s0 (VMUL $e0v $e0v))
      (local.set $s1 (VMUL11 (VMUL $e1v $e1v)))
      (v128.store (i32.add (local.get $norms) (i32.shl (local.get $i) (i32.const 2)))
        (v128.bitselect (v128.const i32x4 1 1 1 1) (VSUB (local.get $s0) (local.get $s1)) (SKIP_MASK)))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (if (SKIPPED) (then
        (i32.store (i32.add (local.get $norms) (i32.shl (local.get $i) (i32.const 2))) (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.set $p (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4))))
      (LOAD_E (local.get $p))
      (i32.store (i32.add (local.get $norms) (i32.shl (local.get $i) (i32.const 2)))
        (i32.wrap_i64 (MODP (i64.add (i64.mul (local.get $e0) (local.get $e0))
          (i64.mul (i64.const 11) (i64.sub (P64) (MODP (i64.mul (local.get $e1) (local.get $e1)))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; v_i := v_i⁻¹ for i in [r0, r1), given ninv[i] = n(v_i)⁻¹ (canonical in, canonical out):
  ;; f0 = e0·n⁻¹, f1 = −e1·n⁻¹ and
  ;;   d⁻¹ = (a0·f0 + 11·a2·f1) − (a1·f0 + 11·a3·f1)·x + (a0·f1 + a2·f0)·x² − (a1·f1 + a3·f0)·x³.
  (func (export "ext_inv_from_norms") (param $v i32) (param $ninv i32) (param $skip i32) (param $r0 i32) (param $r1 i32)
    (local $i i32) (local $p i32) (local $n i64) (local $f0 i64) (local $f1 i64)
    (local $a0 i64) (local $a1 i64) (local $a2 i64) (local $a3 i64) (local $e0 i64) (local $e1 i64)
    (local $f0v v128) (local $f1v v128) (local $r0v v128) (local $r1v v128) (local $r2v v128) (local $r3v v128)
    (VLOCALS)
    (VCONSTS)
    (local.set $i (local.get $r0))
    (VLOOP4 (block
      (local.set $p (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4))))
      (LOAD4 (local.get $p))
      (local.set $m (SKIP_MASK))
      (NORM_PARTS)
      (local.set $s0 (v128.load (i32.add (local.get $ninv) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $f0v (VMUL $e0v $s0))
      (local.set $e1v (VSUB (v128.const i32x4 0 0 0 0) (local.get $e1v)))
      (local.set $f1v (VMUL $e1v $s0))
      (local.set $s1 (VMUL $x0 $f0v))
      (local.set $r0v (VADD (local.get $s1) (VMUL11 (VMUL $x2 $f1v))))
      (local.set $s1 (VMUL $x1 $f0v))
      (local.set $r1v (VSUB (v128.const i32x4 0 0 0 0) (VADD (local.get $s1) (VMUL11 (VMUL $x3 $f1v)))))
      (local.set $s1 (VMUL $x0 $f1v))
      (local.set $r2v (VADD (local.get $s1) (VMUL $x2 $f0v)))
      (local.set $s1 (VMUL $x1 $f1v))
      (local.set $r3v (VSUB (v128.const i32x4 0 0 0 0) (VADD (local.get $s1) (VMUL $x3 $f0v))))
      (TRANSPOSE $r0v $r1v $r2v $r3v)
      ;; element j (now $xj) stored unless left out, then it keeps its value $qj
      (v128.store (local.get $p) (v128.bitselect (local.get $q0) (local.get $x0) (i32x4.splat (i32x4.extract_lane 0 (local.get $m)))))
      (v128.store offset=16 (local.get $p) (v128.bitselect (local.get $q1) (local.get $x1) (i32x4.splat (i32x4.extract_lane 1 (local.get $m)))))
      (v128.store offset=32 (local.get $p) (v128.bitselect (local.get $q2) (local.get $x2) (i32x4.splat (i32x4.extract_lane 2 (local.get $m)))))
      (v128.store offset=48 (local.get $p) (v128.bitselect (local.get $q3) (local.get $x3) (i32x4.splat (i32x4.extract_lane 3 (local.get $m)))))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (if (SKIPPED) (then
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (local.set $p (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4))))
      (LOAD_E (local.get $p))
      (local.set $n (i64.load32_u (i32.add (local.get $ninv) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $f0 (MODP (i64.mul (local.get $e0) (local.get $n))))
      (local.set $f1 (MODP (i64.mul (i64.sub (P64) (local.get $e1)) (local.get $n))))
      ;; each sum: one product (< p²) or p² − product, plus at most p² or 11·p
      (i32.store (local.get $p) (i32.wrap_i64 (MODP (i64.add (i64.mul (local.get $a0) (local.get $f0))
        (i64.mul (i64.const 11) (MODP (i64.mul (local.get $a2) (local.get $f1))))))))
      (i32.store offset=4 (local.get $p) (i32.wrap_i64 (MODP (i64.add (i64.sub (PP) (i64.mul (local.get $a1) (local.get $f0)))
        (i64.mul (i64.const 11) (i64.sub (P64) (MODP (i64.mul (local.get $a3) (local.get $f1)))))))))
      (i32.store offset=8 (local.get $p) (i32.wrap_i64 (MODP (i64.add (i64.mul (local.get $a0) (local.get $f1))
        (i64.mul (local.get $a2) (local.get $f0))))))
      (i32.store offset=12 (local.get $p) (i32.wrap_i64 (MODP (i64.add (i64.sub (PP) (i64.mul (local.get $a1) (local.get $f1)))
        (i64.sub (PP) (i64.mul (local.get $a3) (local.get $f0)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
)
