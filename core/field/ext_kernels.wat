;; Batch inversion of extension elements (F_p[x]/(x^4 − 11), p = 0x78000001), in chunks that
;; run on different threads: `batch_inv_fwd` forms a chunk's prefix products and leaves their
;; total, the caller inverts that one element, `batch_inv_bwd` unwinds the chunk in place.
;;
;; Products are Montgomery (R = 2^32): values kept in Montgomery form (v·R) multiply with
;; MULW(aR, bR) = a·b·R, each term in [0, 2p); a coefficient sums at most 34 terms and is reduced
;; with one i64.rem_u before it feeds the next product.
(module
  (import "env" "memory" (memory 1 65536 shared))

;;@define MONT (x) (i64.shr_u (i64.add (local.tee $mt %x) (i64.mul (i64.extend_i32_u (i32.mul (i32.wrap_i64 (local.get $mt)) (i32.const 0x77ffffff))) (i64.const 0x78000001))) (i64.const 32))
;;@define MULW (v w) (MONT (i64.mul %v (i64.extend_i32_u %w)))
;;@define MODP (x) (i32.wrap_i64 (i64.rem_u %x (i64.const 0x78000001)))

  ;; Writes a·b (Montgomery inputs at $a and $b, canonical Montgomery output) to $o; $o may alias.
  (func $ext_mul (param $a i32) (param $b i32) (param $o i32)
    (local $mt i64)
    (local $a0 i64) (local $a1 i64) (local $a2 i64) (local $a3 i64)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32)
    (local.set $a0 (i64.load32_u (local.get $a)))
    (local.set $a1 (i64.load32_u offset=4 (local.get $a)))
    (local.set $a2 (i64.load32_u offset=8 (local.get $a)))
    (local.set $a3 (i64.load32_u offset=12 (local.get $a)))
    (local.set $b0 (i32.load (local.get $b)))
    (local.set $b1 (i32.load offset=4 (local.get $b)))
    (local.set $b2 (i32.load offset=8 (local.get $b)))
    (local.set $b3 (i32.load offset=12 (local.get $b)))
    (local.set $c0 (MODP (i64.add (MULW (local.get $a0) (local.get $b0))
      (i64.mul (i64.const 11) (i64.add (MULW (local.get $a1) (local.get $b3))
        (i64.add (MULW (local.get $a2) (local.get $b2)) (MULW (local.get $a3) (local.get $b1))))))))
    (local.set $c1 (MODP (i64.add (i64.add (MULW (local.get $a0) (local.get $b1)) (MULW (local.get $a1) (local.get $b0)))
      (i64.mul (i64.const 11) (i64.add (MULW (local.get $a2) (local.get $b3)) (MULW (local.get $a3) (local.get $b2)))))))
    (local.set $c2 (MODP (i64.add (i64.add (MULW (local.get $a0) (local.get $b2)) (MULW (local.get $a1) (local.get $b1)))
      (i64.add (MULW (local.get $a2) (local.get $b0)) (i64.mul (i64.const 11) (MULW (local.get $a3) (local.get $b3)))))))
    (i32.store offset=12 (local.get $o) (MODP (i64.add (i64.add (MULW (local.get $a0) (local.get $b3)) (MULW (local.get $a1) (local.get $b2)))
      (i64.add (MULW (local.get $a2) (local.get $b1)) (MULW (local.get $a3) (local.get $b0))))))
    (i32.store (local.get $o) (local.get $c0))
    (i32.store offset=4 (local.get $o) (local.get $c1))
    (i32.store offset=8 (local.get $o) (local.get $c2)))

  ;; Canonical x -> x·R mod p at $o (4 words). R² mod p = 0x45dddde3.
  (func $to_mont4 (param $src i32) (param $o i32)
    (local $mt i64)
    (i32.store (local.get $o) (MODP (MONT (i64.mul (i64.load32_u (local.get $src)) (i64.const 0x45dddde3)))))
    (i32.store offset=4 (local.get $o) (MODP (MONT (i64.mul (i64.load32_u offset=4 (local.get $src)) (i64.const 0x45dddde3)))))
    (i32.store offset=8 (local.get $o) (MODP (MONT (i64.mul (i64.load32_u offset=8 (local.get $src)) (i64.const 0x45dddde3)))))
    (i32.store offset=12 (local.get $o) (MODP (MONT (i64.mul (i64.load32_u offset=12 (local.get $src)) (i64.const 0x45dddde3))))))

  ;; Elements [r0, r1) of $v (canonical ext): pre[i − r0] = Π_{r0 ≤ j < i} v_j, and the total
  ;; Π v_j at $total, all in Montgomery form. $tmp: 16 bytes of scratch per call.
  (func (export "batch_inv_fwd") (param $v i32) (param $pre i32) (param $r0 i32) (param $r1 i32)
                                 (param $total i32) (param $tmp i32)
    (local $i i32)
    ;; acc = 1·R = 2^32 mod p = 0x0ffffffe
    (i32.store (local.get $total) (i32.const 0x0ffffffe))
    (i64.store offset=4 (local.get $total) (i64.const 0))
    (i32.store offset=12 (local.get $total) (i32.const 0))
    (local.set $i (local.get $r0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $r1)))
      (v128.store (i32.add (local.get $pre) (i32.shl (i32.sub (local.get $i) (local.get $r0)) (i32.const 4)))
        (v128.load (local.get $total)))
      (call $to_mont4 (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4))) (local.get $tmp))
      (call $ext_mul (local.get $total) (local.get $tmp) (local.get $total))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; Unwinds [r0, r1): with $inv = (Π v_j)⁻¹ in Montgomery form, replaces each v_i by v_i⁻¹
  ;; (canonical), from the prefixes at $pre. $tmp: 32 bytes of scratch per call.
  (func (export "batch_inv_bwd") (param $v i32) (param $pre i32) (param $r0 i32) (param $r1 i32)
                                 (param $inv i32) (param $tmp i32)
    (local $mt i64) (local $i i32) (local $p i32) (local $t1 i32)
    (local.set $t1 (i32.add (local.get $tmp) (i32.const 16)))
    (local.set $i (local.get $r1))
    (block $done (loop $l
      (br_if $done (i32.le_u (local.get $i) (local.get $r0)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (local.set $p (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 4))))
      ;; v_i in Montgomery form, then inv·prefix_i = v_i⁻¹·R, then inv := inv·v_i
      (call $to_mont4 (local.get $p) (local.get $tmp))
      (call $ext_mul (local.get $inv)
        (i32.add (local.get $pre) (i32.shl (i32.sub (local.get $i) (local.get $r0)) (i32.const 4))) (local.get $t1))
      (call $ext_mul (local.get $inv) (local.get $tmp) (local.get $inv))
      ;; out of Montgomery form: MONT(x·1) = x·R⁻¹
      (i32.store (local.get $p) (MODP (MONT (i64.load32_u (local.get $t1)))))
      (i32.store offset=4 (local.get $p) (MODP (MONT (i64.load32_u offset=4 (local.get $t1)))))
      (i32.store offset=8 (local.get $p) (MODP (MONT (i64.load32_u offset=8 (local.get $t1)))))
      (i32.store offset=12 (local.get $p) (MODP (MONT (i64.load32_u offset=12 (local.get $t1)))))
      (br $l))))
)
