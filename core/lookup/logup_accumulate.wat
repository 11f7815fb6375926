;; The LogUp aux trace from the inverted denominators, in row ranges that run on different
;; threads (core/lookup/kernels.ts): per row, each group's sum of m·(z − fp)⁻¹ (base × ext), and
;; the running sum of the group sums within the range; a second pass adds each range the sum of
;; the ranges before it. Rows are 4(G + 1) words: G group columns, then the running sum.
;;
;; Values are canonical; a group cell plus one product is below p + p² < 2^63 before its
;; remainder, a running sum plus one group cell below 2p before its conditional subtraction.
(module
  (import "env" "memory" (memory 1 65536 shared))

;;@define MODP (x) (i64.rem_u %x (i64.const 0x78000001))
;;@define ADDP (a b) (local.set $t (i32.add %a %b)) (select (i32.sub (local.get $t) (i32.const 0x78000001)) (local.get $t) (i32.ge_u (local.get $t) (i32.const 0x78000001)))
;;@define MAC (at d) (i32.store %at (i32.wrap_i64 (MODP (i64.add (i64.load32_u %at) (i64.mul (local.get $m) (i64.load32_u %d))))))

  ;; Rows [r0, r1): den (4 words) and mult (1 word) at row·I + i, group[i] the group of
  ;; interaction i. Writes every cell of those aux rows; the range's total goes to $total.
  (func (export "group_sums") (param $den i32) (param $mult i32) (param $group i32) (param $ni i32)
                              (param $ng i32) (param $aux i32) (param $r0 i32) (param $r1 i32)
                              (param $total i32)
    (local $r i32) (local $i i32) (local $row i32) (local $h i32) (local $d i32) (local $k i32)
    (local $end i32) (local $m i64) (local $t i32)
    (local $c0 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local.set $r (local.get $r0))
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $row (i32.add (local.get $aux)
        (i32.mul (local.get $r) (i32.shl (i32.add (local.get $ng) (i32.const 1)) (i32.const 4)))))
      (memory.fill (local.get $row) (i32.const 0) (i32.shl (local.get $ng) (i32.const 4)))
      (local.set $k (i32.mul (local.get $r) (local.get $ni)))
      (local.set $i (i32.const 0))
      (block $ints_done (loop $ints
        (br_if $ints_done (i32.ge_u (local.get $i) (local.get $ni)))
        (local.set $m (i64.load32_u (i32.add (local.get $mult) (i32.shl (local.get $k) (i32.const 2)))))
        (if (i64.ne (local.get $m) (i64.const 0)) (then
          (local.set $d (i32.add (local.get $den) (i32.shl (local.get $k) (i32.const 4))))
          (local.set $h (i32.add (local.get $row)
            (i32.shl (i32.load (i32.add (local.get $group) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 4))))
          (MAC (local.get $h) (local.get $d))
          (MAC (i32.add (local.get $h) (i32.const 4)) (i32.add (local.get $d) (i32.const 4)))
          (MAC (i32.add (local.get $h) (i32.const 8)) (i32.add (local.get $d) (i32.const 8)))
          (MAC (i32.add (local.get $h) (i32.const 12)) (i32.add (local.get $d) (i32.const 12)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ints)))
      ;; the running sum over this row's group cells
      (local.set $h (local.get $row))
      (local.set $end (i32.add (local.get $row) (i32.shl (local.get $ng) (i32.const 4))))
      (block $cells_done (loop $cells
        (br_if $cells_done (i32.ge_u (local.get $h) (local.get $end)))
        (local.set $c0 (ADDP (local.get $c0) (i32.load (local.get $h))))
        (local.set $c1 (ADDP (local.get $c1) (i32.load offset=4 (local.get $h))))
        (local.set $c2 (ADDP (local.get $c2) (i32.load offset=8 (local.get $h))))
        (local.set $c3 (ADDP (local.get $c3) (i32.load offset=12 (local.get $h))))
        (local.set $h (i32.add (local.get $h) (i32.const 16)))
        (br $cells)))
      (i32.store (local.get $end) (local.get $c0))
      (i32.store offset=4 (local.get $end) (local.get $c1))
      (i32.store offset=8 (local.get $end) (local.get $c2))
      (i32.store offset=12 (local.get $end) (local.get $c3))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
    (i32.store (local.get $total) (local.get $c0))
    (i32.store offset=4 (local.get $total) (local.get $c1))
    (i32.store offset=8 (local.get $total) (local.get $c2))
    (i32.store offset=12 (local.get $total) (local.get $c3)))

  ;; Rows [r0, r1): adds the extension value at $off to the running-sum column (the last 16
  ;; bytes of each row of $stride bytes).
  (func (export "add_offset") (param $aux i32) (param $stride i32) (param $off i32)
                              (param $r0 i32) (param $r1 i32)
    (local $p i32) (local $end i32) (local $t i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local.set $o0 (i32.load (local.get $off)))
    (local.set $o1 (i32.load offset=4 (local.get $off)))
    (local.set $o2 (i32.load offset=8 (local.get $off)))
    (local.set $o3 (i32.load offset=12 (local.get $off)))
    (local.set $p (i32.add (local.get $aux)
      (i32.sub (i32.mul (i32.add (local.get $r0) (i32.const 1)) (local.get $stride)) (i32.const 16))))
    (local.set $end (i32.add (local.get $aux)
      (i32.sub (i32.mul (i32.add (local.get $r1) (i32.const 1)) (local.get $stride)) (i32.const 16))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (i32.store (local.get $p) (ADDP (i32.load (local.get $p)) (local.get $o0)))
      (i32.store offset=4 (local.get $p) (ADDP (i32.load offset=4 (local.get $p)) (local.get $o1)))
      (i32.store offset=8 (local.get $p) (ADDP (i32.load offset=8 (local.get $p)) (local.get $o2)))
      (i32.store offset=12 (local.get $p) (ADDP (i32.load offset=12 (local.get $p)) (local.get $o3)))
      (local.set $p (i32.add (local.get $p) (local.get $stride)))
      (br $l))))
)
