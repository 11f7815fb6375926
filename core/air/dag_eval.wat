;; The expression-DAG evaluator for small tables (core/air/dag-program.ts): one instruction per
;; DAG node, run over a block of up to B rows, with nothing generated or compiled per AIR. A
;; table of a few dozen rows (an unused coprocessor's padding) needs its constraints evaluated
;; at a few hundred points; lowering a 25,000-node AIR into a tuned program cost more than that
;; in a fresh process.
;;
;; Values are in Montgomery form (x·2^32 mod p), canonical: loads convert, stores convert back
;; (a loaded word ≥ p is taken mod p; the prover's traces are canonical). An opcode the encoder
;; never writes traps; a store's output index is 0 or 1 (masked).
;; A slot is a vector of B words at $slots + 4·B·slot; an extension value is four consecutive
;; slots. Instructions are four words [op, d, a, b]; op's bit 8 says a is an extension value,
;; bit 9 that b is.
;;
;; env (words): 0/1 main (address, width in words), 2/3 preprocessed, 4/5 aux, 6 rows, 7 next
;; rows (B storage row indices each), 8 selectors (isFirst, isLast, isTransition: B plain words
;; each), 9 scalars (Montgomery), 10/11 output 0 (address, words per row), 12/13 output 1,
;; 14 the rows of this block (k ≤ B).
(module
  (import "env" "memory" (memory 1 65536 shared))

;;@define P () (i32.const 0x78000001)
  ;; p⁻¹ mod 2^32; R² mod p (to Montgomery form); W = 11 in Montgomery form.
;;@define PINV () (i32.const 0x88000001)
;;@define R2 () (i64.const 0x45dddde3)
;;@define WM () (i64.const 0x37ffffe9)
  ;; Inline arithmetic on canonical Montgomery-form values; the using function declares
  ;; $x $y $t (i32) and $xt (i64). REDC: as $redc below.
;;@define REDC (v) (block (result i32) (local.set $xt %v) (local.set $t (i32.sub (i32.wrap_i64 (i64.shr_u (local.get $xt) (i64.const 32))) (i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_u (i32.mul (i32.wrap_i64 (local.get $xt)) (PINV))) (i64.const 0x78000001)) (i64.const 32))))) (select (i32.add (local.get $t) (P)) (local.get $t) (i32.lt_s (local.get $t) (i32.const 0))))
;;@define MULM (a b) (REDC (i64.mul (i64.extend_i32_u %a) (i64.extend_i32_u %b)))
;;@define ADDM (a b) (block (result i32) (local.set $t (i32.add %a %b)) (select (i32.sub (local.get $t) (P)) (local.get $t) (i32.ge_u (local.get $t) (P))))
;;@define SUBM (a b) (block (result i32) (local.set $x %a) (local.set $y %b) (select (i32.add (i32.sub (local.get $x) (local.get $y)) (P)) (i32.sub (local.get $x) (local.get $y)) (i32.lt_u (local.get $x) (local.get $y))))
;;@define NEGM (a) (block (result i32) (local.set $x %a) (select (i32.sub (P) (local.get $x)) (i32.const 0) (local.get $x)))
  ;; d[i] = value for i < k, value reading a[i], b[i]: $d, $a, $b advance, $end is d's end.
;;@define LANES (value) (block $done (loop $each (br_if $done (i32.ge_u (local.get $d) (local.get $end))) (i32.store (local.get $d) %value) (local.set $d (i32.add (local.get $d) (i32.const 4))) (local.set $a (i32.add (local.get $a) (i32.const 4))) (local.set $b (i32.add (local.get $b) (i32.const 4))) (br $each)))

  ;; x·2^-32 mod p for x < p·2^32 (two products of canonical values): x − m·p is a multiple of
  ;; 2^32 for m = x·p⁻¹ mod 2^32, so its high word is hi(x) − hi(m·p), in (−p, p).
  (func $redc (param $x i64) (result i32)
    (local $r i32)
    (local.set $r (i32.sub
      (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 32)))
      (i32.wrap_i64 (i64.shr_u
        (i64.mul (i64.extend_i32_u (i32.mul (i32.wrap_i64 (local.get $x)) (PINV))) (i64.extend_i32_u (P)))
        (i64.const 32)))))
    (select (i32.add (local.get $r) (P)) (local.get $r) (i32.lt_s (local.get $r) (i32.const 0))))

  (func $mul (param $a i32) (param $b i32) (result i32)
    (call $redc (i64.mul (i64.extend_i32_u (local.get $a)) (i64.extend_i32_u (local.get $b)))))

  (func $add (param $a i32) (param $b i32) (result i32)
    (local $t i32)
    (local.set $t (i32.add (local.get $a) (local.get $b)))
    (select (i32.sub (local.get $t) (P)) (local.get $t) (i32.ge_u (local.get $t) (P))))

  ;; a·b + c·d, one reduction (both products below p², their sum below p·2^32).
  (func $dot2 (param $a i32) (param $b i32) (param $c i32) (param $d i32) (result i32)
    (call $redc (i64.add
      (i64.mul (i64.extend_i32_u (local.get $a)) (i64.extend_i32_u (local.get $b)))
      (i64.mul (i64.extend_i32_u (local.get $c)) (i64.extend_i32_u (local.get $d))))))

  ;; x + W·y for Montgomery-form x (already reduced) and y.
  (func $addw (param $x i32) (param $y i32) (result i32)
    (call $add (local.get $x) (call $redc (i64.mul (i64.extend_i32_u (local.get $y)) (WM)))))

  ;; One coefficient-wise pass: d[i] = f(a[i], b[i]) for i < k, f by $kind (0 add, 1 sub,
  ;; 2 mul, 3 neg a, 4 copy a); one loop per kind, the arithmetic inline (V8 inlines no calls
  ;; between WebAssembly functions).
  (func $lanes (param $kind i32) (param $d i32) (param $a i32) (param $b i32) (param $k i32)
    (local $end i32) (local $x i32) (local $y i32) (local $t i32) (local $xt i64)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $k) (i32.const 2))))
    (block $sw (block $k4 (block $k3 (block $k2 (block $k1 (block $k0
      (br_table $k0 $k1 $k2 $k3 $k4 (local.get $kind)))
      (LANES (ADDM (i32.load (local.get $a)) (i32.load (local.get $b)))) (br $sw))
      (LANES (SUBM (i32.load (local.get $a)) (i32.load (local.get $b)))) (br $sw))
      (LANES (MULM (i32.load (local.get $a)) (i32.load (local.get $b)))) (br $sw))
      (LANES (NEGM (i32.load (local.get $a)))) (br $sw))
    (memory.copy (local.get $d) (local.get $a) (i32.shl (local.get $k) (i32.const 2)))))

  ;; d = a·b in F_p[x]/(x^4 − 11), four slots each, `$v` the bytes between coefficients.
  (func $extmul (param $d i32) (param $a i32) (param $b i32) (param $v i32) (param $k i32)
    (local $i i32) (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (local.set $a0 (i32.load (local.get $a)))
      (local.set $a1 (i32.load (i32.add (local.get $a) (local.get $v))))
      (local.set $a2 (i32.load (i32.add (local.get $a) (i32.shl (local.get $v) (i32.const 1)))))
      (local.set $a3 (i32.load (i32.add (local.get $a) (i32.mul (local.get $v) (i32.const 3)))))
      (local.set $b0 (i32.load (local.get $b)))
      (local.set $b1 (i32.load (i32.add (local.get $b) (local.get $v))))
      (local.set $b2 (i32.load (i32.add (local.get $b) (i32.shl (local.get $v) (i32.const 1)))))
      (local.set $b3 (i32.load (i32.add (local.get $b) (i32.mul (local.get $v) (i32.const 3)))))
      (i32.store (local.get $d)
        (call $addw (call $mul (local.get $a0) (local.get $b0))
          (call $add (call $dot2 (local.get $a1) (local.get $b3) (local.get $a3) (local.get $b1))
                     (call $mul (local.get $a2) (local.get $b2)))))
      (i32.store (i32.add (local.get $d) (local.get $v))
        (call $addw (call $dot2 (local.get $a0) (local.get $b1) (local.get $a1) (local.get $b0))
          (call $dot2 (local.get $a2) (local.get $b3) (local.get $a3) (local.get $b2))))
      (i32.store (i32.add (local.get $d) (i32.shl (local.get $v) (i32.const 1)))
        (call $addw (call $add (call $dot2 (local.get $a0) (local.get $b2) (local.get $a2) (local.get $b0))
                               (call $mul (local.get $a1) (local.get $b1)))
          (call $mul (local.get $a3) (local.get $b3))))
      (i32.store (i32.add (local.get $d) (i32.mul (local.get $v) (i32.const 3)))
        (call $add (call $dot2 (local.get $a0) (local.get $b3) (local.get $a3) (local.get $b0))
                   (call $dot2 (local.get $a1) (local.get $b2) (local.get $a2) (local.get $b1))))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

  ;; acc (slots 0..3) += s·a for the extension scalar s at $s (four words) and a at $a: an
  ;; extension value if $ext, else a base one.
  (func $fold (param $slots i32) (param $a i32) (param $ext i32) (param $s i32) (param $v i32)
              (param $k i32) (param $tmp i32)
    (local $c i32)
    (if (local.get $ext)
      (then
        ;; the scalar broadcast to four slots at $tmp, then acc += tmp·a through $tmp + 4v
        (loop $coefs
          (call $fill (i32.add (local.get $tmp) (i32.mul (local.get $c) (local.get $v)))
            (i32.load (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 2)))) (local.get $k))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $coefs (i32.lt_u (local.get $c) (i32.const 4))))
        (call $extmul (local.tee $c (i32.add (local.get $tmp) (i32.shl (local.get $v) (i32.const 2))))
          (local.get $tmp) (local.get $a) (local.get $v) (local.get $k))
        (local.set $s (i32.const 0))
        (loop $acc
          (call $lanes (i32.const 0)
            (i32.add (local.get $slots) (i32.mul (local.get $s) (local.get $v)))
            (i32.add (local.get $slots) (i32.mul (local.get $s) (local.get $v)))
            (i32.add (local.get $c) (i32.mul (local.get $s) (local.get $v))) (local.get $k))
          (local.set $s (i32.add (local.get $s) (i32.const 1)))
          (br_if $acc (i32.lt_u (local.get $s) (i32.const 4)))))
      (else
        (loop $coefs
          (call $macs (i32.add (local.get $slots) (i32.mul (local.get $c) (local.get $v)))
            (local.get $a) (i32.load (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 2))))
            (local.get $k))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $coefs (i32.lt_u (local.get $c) (i32.const 4)))))))

  ;; d[i] += s·a[i]
  (func $macs (param $d i32) (param $a i32) (param $s i32) (param $k i32)
    (local $end i32) (local $b i32) (local $x i32) (local $y i32) (local $t i32) (local $xt i64)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $b (local.get $a))
    (LANES (ADDM (i32.load (local.get $d)) (MULM (i32.load (local.get $a)) (local.get $s)))))

  (func $fill (param $d i32) (param $x i32) (param $k i32)
    (local $i i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (i32.store (local.get $d) (local.get $x))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

  ;; d[i] = toMont(m[rows[i]·width + col])
  (func $gather (param $d i32) (param $m i32) (param $width i32) (param $col i32) (param $rows i32)
                (param $k i32)
    (local $i i32) (local $t i32) (local $xt i64)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (i32.store (local.get $d) (REDC (i64.mul (R2) (i64.extend_i32_u (i32.load (i32.add (local.get $m)
        (i32.shl (i32.add (i32.mul (i32.load (local.get $rows)) (local.get $width)) (local.get $col))
          (i32.const 2))))))))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

  ;; d[i] = toMont(src[i])
  (func $convert (param $d i32) (param $src i32) (param $k i32)
    (local $i i32) (local $t i32) (local $xt i64)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (i32.store (local.get $d) (REDC (i64.mul (R2) (i64.extend_i32_u (i32.load (local.get $src))))))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

  ;; out[stride·i + offset] = fromMont(a[i])
  (func $store (param $out i32) (param $stride i32) (param $a i32) (param $k i32)
    (local $i i32) (local $t i32) (local $xt i64)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $k)))
      (i32.store (local.get $out) (REDC (i64.extend_i32_u (i32.load (local.get $a)))))
      (local.set $out (i32.add (local.get $out) (local.get $stride)))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))

  ;; Add (kind 0) or subtract (1) with operands of either field: coefficient 0 from both, the
  ;; others from whichever is an extension value (negated when it is b of a subtraction).
  (func $addsub (param $kind i32) (param $d i32) (param $a i32) (param $b i32) (param $op i32)
                (param $v i32) (param $k i32)
    (local $c i32) (local $ae i32) (local $be i32)
    (local.set $ae (i32.and (local.get $op) (i32.const 0x100)))
    (local.set $be (i32.and (local.get $op) (i32.const 0x200)))
    (call $lanes (local.get $kind) (local.get $d) (local.get $a) (local.get $b) (local.get $k))
    (if (i32.eqz (i32.or (local.get $ae) (local.get $be))) (then (return)))
    (local.set $c (i32.const 1))
    (loop $coefs
      (local.set $d (i32.add (local.get $d) (local.get $v)))
      (if (local.get $ae) (then (local.set $a (i32.add (local.get $a) (local.get $v)))))
      (if (local.get $be) (then (local.set $b (i32.add (local.get $b) (local.get $v)))))
      (if (i32.and (i32.ne (local.get $ae) (i32.const 0)) (i32.ne (local.get $be) (i32.const 0)))
        (then (call $lanes (local.get $kind) (local.get $d) (local.get $a) (local.get $b) (local.get $k)))
        (else (if (local.get $ae)
          (then (call $lanes (i32.const 4) (local.get $d) (local.get $a) (local.get $a) (local.get $k)))
          ;; b alone: copied for an addition, negated for a subtraction
          (else (call $lanes (i32.add (i32.const 3) (i32.eqz (local.get $kind)))
            (local.get $d) (local.get $b) (local.get $b) (local.get $k))))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $coefs (i32.lt_u (local.get $c) (i32.const 4)))))

  ;; Products: base × base one pass, extension × base four, extension × extension $extmul.
  (func $product (param $d i32) (param $a i32) (param $b i32) (param $op i32) (param $v i32)
                 (param $k i32)
    (local $c i32) (local $t i32)
    (block $mixed
      (br_if $mixed (i32.eq (i32.and (local.get $op) (i32.const 0x300)) (i32.const 0x300)))
      (if (i32.eqz (i32.and (local.get $op) (i32.const 0x300))) (then
        (call $lanes (i32.const 2) (local.get $d) (local.get $a) (local.get $b) (local.get $k))
        (return)))
      ;; one extension operand: make it a
      (if (i32.and (local.get $op) (i32.const 0x200)) (then
        (local.set $t (local.get $a)) (local.set $a (local.get $b)) (local.set $b (local.get $t))))
      (loop $coefs
        (call $lanes (i32.const 2)
          (i32.add (local.get $d) (i32.mul (local.get $c) (local.get $v)))
          (i32.add (local.get $a) (i32.mul (local.get $c) (local.get $v)))
          (local.get $b) (local.get $k))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $coefs (i32.lt_u (local.get $c) (i32.const 4))))
      (return))
    (call $extmul (local.get $d) (local.get $a) (local.get $b) (local.get $v) (local.get $k)))

  ;; Runs $n instructions at $code over this block (see the header for env and the slots).
  ;; Opcodes: 0 load (a column, b matrix | next << 2), 1 selector (a which), 2 scalar (a index),
  ;; 3 add, 4 sub, 5 mul, 6 neg, 7 fold (acc += S[b..b+3]·a), 8 store (d output, b offset).
  (func (export "run") (param $code i32) (param $n i32) (param $slots i32) (param $B i32)
                       (param $env i32)
    (local $pc i32) (local $end i32) (local $op i32) (local $d i32) (local $a i32) (local $b i32)
    (local $v i32) (local $k i32) (local $m i32) (local $c i32) (local $out i32) (local $stride i32) (local $w1 i32)
    (local.set $v (i32.shl (local.get $B) (i32.const 2)))
    (local.set $k (i32.load offset=56 (local.get $env)))
    (local.set $pc (local.get $code))
    (local.set $end (i32.add (local.get $code) (i32.shl (local.get $n) (i32.const 4))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $pc) (local.get $end)))
      (local.set $op (i32.load (local.get $pc)))
      (local.set $w1 (i32.load offset=4 (local.get $pc)))
      (local.set $d (i32.add (local.get $slots) (i32.mul (local.get $w1) (local.get $v))))
      (local.set $a (i32.load offset=8 (local.get $pc)))
      (local.set $b (i32.load offset=12 (local.get $pc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
      (block $bad (block $o8 (block $o7 (block $o6 (block $o5 (block $o4 (block $o3 (block $o2 (block $o1 (block $o0
        (br_table $o0 $o1 $o2 $o3 $o4 $o5 $o6 $o7 $o8 $bad (i32.and (local.get $op) (i32.const 0xff))))
        ;; load
        (local.set $m (i32.add (local.get $env) (i32.shl (i32.and (local.get $b) (i32.const 3)) (i32.const 3))))
        (call $gather (local.get $d) (i32.load (local.get $m)) (i32.load offset=4 (local.get $m))
          (local.get $a)
          (i32.load (i32.add (local.get $env) (i32.add (i32.const 24) (i32.and (local.get $b) (i32.const 4)))))
          (local.get $k))
        (br $next))
        ;; selector: plain values to Montgomery form
        (call $convert (local.get $d)
          (i32.add (i32.load offset=32 (local.get $env)) (i32.mul (local.get $a) (local.get $v)))
          (local.get $k))
        (br $next))
        ;; scalar
        (call $fill (local.get $d)
          (i32.load (i32.add (i32.load offset=36 (local.get $env)) (i32.shl (local.get $a) (i32.const 2))))
          (local.get $k))
        (br $next))
        ;; add
        (call $addsub (i32.const 0) (local.get $d) (call $slot (local.get $slots) (local.get $a) (local.get $v))
          (call $slot (local.get $slots) (local.get $b) (local.get $v)) (local.get $op) (local.get $v) (local.get $k))
        (br $next))
        ;; sub
        (call $addsub (i32.const 1) (local.get $d) (call $slot (local.get $slots) (local.get $a) (local.get $v))
          (call $slot (local.get $slots) (local.get $b) (local.get $v)) (local.get $op) (local.get $v) (local.get $k))
        (br $next))
        ;; mul
        (call $product (local.get $d) (call $slot (local.get $slots) (local.get $a) (local.get $v))
          (call $slot (local.get $slots) (local.get $b) (local.get $v)) (local.get $op) (local.get $v) (local.get $k))
        (br $next))
        ;; neg
        (local.set $a (call $slot (local.get $slots) (local.get $a) (local.get $v)))
        (local.set $c (i32.const 0))
        (loop $coefs
          (call $lanes (i32.const 3) (i32.add (local.get $d) (i32.mul (local.get $c) (local.get $v)))
            (i32.add (local.get $a) (i32.mul (local.get $c) (local.get $v)))
            (local.get $a) (local.get $k))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br_if $coefs (i32.and (i32.ne (i32.and (local.get $op) (i32.const 0x100)) (i32.const 0))
                                 (i32.lt_u (local.get $c) (i32.const 4)))))
        (br $next))
        ;; fold: d is eight scratch slots (the scalar broadcast, then the product)
        (call $fold (local.get $slots) (call $slot (local.get $slots) (local.get $a) (local.get $v))
          (i32.ne (i32.and (local.get $op) (i32.const 0x100)) (i32.const 0))
          (i32.add (i32.load offset=36 (local.get $env)) (i32.shl (local.get $b) (i32.const 2)))
          (local.get $v) (local.get $k) (local.get $d))
        (br $next))
      ;; store: output d at word offset b, each coefficient of a
      (local.set $out (i32.load (i32.add (local.get $env)
        (i32.add (i32.const 40) (i32.shl (i32.and (local.get $w1) (i32.const 1)) (i32.const 3))))))
      (local.set $stride (i32.load (i32.add (local.get $env)
        (i32.add (i32.const 44) (i32.shl (i32.and (local.get $w1) (i32.const 1)) (i32.const 3))))))
      (local.set $a (call $slot (local.get $slots) (local.get $a) (local.get $v)))
      (local.set $c (i32.const 0))
      (loop $coefs
        (call $store
          (i32.add (local.get $out) (i32.shl (i32.add (local.get $b) (local.get $c)) (i32.const 2)))
          (i32.shl (local.get $stride) (i32.const 2))
          (i32.add (local.get $a) (i32.mul (local.get $c) (local.get $v))) (local.get $k))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $coefs (i32.and (i32.ne (i32.and (local.get $op) (i32.const 0x100)) (i32.const 0))
                               (i32.lt_u (local.get $c) (i32.const 4)))))
      (br $next))
      ;; an opcode the encoder never writes
      (unreachable))))

  (func $slot (param $slots i32) (param $s i32) (param $v i32) (result i32)
    (i32.add (local.get $slots) (i32.mul (local.get $s) (local.get $v))))
)
