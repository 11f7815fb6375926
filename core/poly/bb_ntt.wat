;; BabyBear NTT kernels over the shared heap, WASM SIMD (p = 0x78000001).
;;
;; The transform is radix-2 decimation in frequency (Gentleman-Sande): natural-order input,
;; bit-reversed output, in place. A layer of half-size h pairs element i with i + h (i mod 2h < h)
;;   x' = x + y,   y' = (x - y) * w_{2h}^(i mod 2h)
;; Twiddles live in one table T with T[h + t] = w_{2h}^t (1 <= h, t < h), so a layer's twiddles are
;; contiguous, and a second table TS holds their Shoup companions floor(T * 2^32 / p): the
;; product (x - y + p) * w is then two extmuls and two i32x4.muls, no reduction of a 64-bit value.
;;
;; Cache blocking: a kernel call applies several consecutive layers (hTop down to hBottom) to
;; "groups" of rows that only interact with each other in those layers: the rows
;; base + j*hBottom (j < 2*hTop/hBottom), base = q*2*hTop + r, r < hBottom. A group is small
;; enough to stay in L2 while its layers run, so a large transform makes two or three passes over
;; memory instead of one per layer. The TypeScript driver picks the passes and splits groups
;; between threads (groups are independent).
;;
;; dif_rows works on row-major matrices: a pair of rows shares one twiddle, the inner loop runs
;; along the row. dif_col works on one column: lanes are consecutive butterflies with their own
;; twiddles (loaded from T as a v128); its last two layers (h = 2, 1) are done in registers after
;; a 4x4 transpose (dif_col_tail).
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $mulmod (param $a i32) (param $b i32) (result i32)
    (i32.wrap_i64 (i64.rem_u
      (i64.mul (i64.extend_i32_u (local.get $a)) (i64.extend_i32_u (local.get $b)))
      (i64.const 0x78000001))))

  (func $shoup (param $c i32) (result i32)
    (i32.wrap_i64 (i64.div_u (i64.shl (i64.extend_i32_u (local.get $c)) (i64.const 32))
      (i64.const 0x78000001))))

  ;; ---- table construction ------------------------------------------------------------------

  ;; dst[i] = start * base^i for i < n.
  (func (export "powers") (param $dst i32) (param $n i32) (param $start i32) (param $base i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (i32.store (local.get $dst) (local.get $start))
      (local.set $start (call $mulmod (local.get $start) (local.get $base)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $l))))

  ;; dst[i] = src[2i] for i < n.
  (func (export "decimate") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (i32.store (local.get $dst) (i32.load (local.get $src)))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $l))))

  ;; dst[i] = floor(src[i] * 2^32 / p) for i < n.
  (func (export "shoup_table") (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (i32.store (local.get $dst) (call $shoup (i32.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
      (br $l))))

  ;; ---- matrix DIF ---------------------------------------------------------------------------

  ;; Layers hTop, hTop/2, ..., hBottom on groups [gBegin, gEnd) of a row-major matrix at ptr.
  (func (export "dif_rows") (param $ptr i32) (param $width i32) (param $hTop i32) (param $hBottom i32)
    (param $gBegin i32) (param $gEnd i32) (param $tw i32) (param $twS i32) (param $src i32)
    (local $la i32) (local $lb i32) (local $delta i32)
    (local $rowBytes i32) (local $vecBytes i32) (local $logHB i32) (local $g i32) (local $r i32)
    (local $base i32) (local $h i32) (local $s i32) (local $u i32) (local $t i32) (local $pa i32)
    (local $pb i32) (local $k i32) (local $hBytes i32) (local $w i32) (local $ws i32)
    (local $x i32) (local $y i32) (local $tailOff i32)
    (local $vp v128) (local $vw v128) (local $vws v128) (local $vx v128) (local $vy v128)
    (local $vs v128) (local $vd v128) (local $vq v128) (local $vtx v128) (local $vty v128)
    (local.set $vp (v128.const i32x4 0x78000001 0x78000001 0x78000001 0x78000001))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $width) (i32.const -4)) (i32.const 2)))
    ;; A row of width >= 4 that is not a multiple of 4 ends with one vector overlapping the last
    ;; full one (tailOff = 0 means none): its butterflies are computed from the values before the
    ;; row loop writes anything and stored after it, so the overlap gets the same results twice.
    ;; The scalar loop (with its 64-bit remainder per product) cost a 47-wide trace's LDE 20%.
    (local.set $tailOff (select (i32.sub (local.get $rowBytes) (i32.const 16)) (i32.const 0)
      (i32.and (i32.ge_u (local.get $width) (i32.const 4))
               (i32.ne (local.get $vecBytes) (local.get $rowBytes)))))
    (local.set $logHB (i32.ctz (local.get $hBottom)))
    (local.set $g (local.get $gBegin))
    (block $gdone (loop $gl
      (br_if $gdone (i32.ge_u (local.get $g) (local.get $gEnd)))
      (local.set $r (i32.and (local.get $g) (i32.sub (local.get $hBottom) (i32.const 1))))
      (local.set $base (i32.add
        (i32.mul (i32.shr_u (local.get $g) (local.get $logHB)) (i32.shl (local.get $hTop) (i32.const 1)))
        (local.get $r)))
      (local.set $h (local.get $hTop))
      (block $hdone (loop $hl
        (br_if $hdone (i32.lt_u (local.get $h) (local.get $hBottom)))
        (local.set $hBytes (i32.mul (local.get $h) (local.get $rowBytes)))
        ;; the pass's first layer reads from src (same layout as ptr): an out-of-place start
        (local.set $delta (select (i32.sub (local.get $src) (local.get $ptr)) (i32.const 0)
          (i32.eq (local.get $h) (local.get $hTop))))
        (local.set $s (i32.const 0))
        (block $sdone (loop $sl
          (br_if $sdone (i32.ge_u (local.get $s) (i32.shl (local.get $hTop) (i32.const 1))))
          (local.set $u (i32.const 0))
          (block $udone (loop $ul
            (br_if $udone (i32.ge_u (local.get $u) (local.get $h)))
            (local.set $t (i32.shl (i32.add (local.get $h) (i32.add (local.get $r) (local.get $u))) (i32.const 2)))
            (local.set $w (i32.load (i32.add (local.get $tw) (local.get $t))))
            (local.set $ws (i32.load (i32.add (local.get $twS) (local.get $t))))
            (local.set $vw (i32x4.splat (local.get $w)))
            (local.set $vws (i32x4.splat (local.get $ws)))
            (local.set $pa (i32.add (local.get $ptr)
              (i32.mul (i32.add (local.get $base) (i32.add (local.get $s) (local.get $u))) (local.get $rowBytes))))
            (local.set $pb (i32.add (local.get $pa) (local.get $hBytes)))
            (local.set $la (i32.add (local.get $pa) (local.get $delta)))
            (local.set $lb (i32.add (local.get $pb) (local.get $delta)))
            (local.set $k (i32.const 0))
            (if (local.get $tailOff)
              (then
                (local.set $vx (v128.load (i32.add (local.get $la) (local.get $tailOff))))
                (local.set $vy (v128.load (i32.add (local.get $lb) (local.get $tailOff))))
                (local.set $vs (i32x4.add (local.get $vx) (local.get $vy)))
                (local.set $vtx (i32x4.min_u (local.get $vs) (i32x4.sub (local.get $vs) (local.get $vp))))
                (local.set $vd (i32x4.add (i32x4.sub (local.get $vx) (local.get $vy)) (local.get $vp)))
                (local.set $vq (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                  (i64x2.extmul_low_i32x4_u (local.get $vd) (local.get $vws))
                  (i64x2.extmul_high_i32x4_u (local.get $vd) (local.get $vws))))
                (local.set $vd (i32x4.sub (i32x4.mul (local.get $vd) (local.get $vw))
                                          (i32x4.mul (local.get $vq) (local.get $vp))))
                (local.set $vty (i32x4.min_u (local.get $vd) (i32x4.sub (local.get $vd) (local.get $vp))))))
            ;; twiddle 1 (the first pair of each block: all of the last layer): no product
            (if (i32.eqz (i32.add (local.get $r) (local.get $u)))
              (then
                (block $odone (loop $ol
                  (br_if $odone (i32.ge_u (local.get $k) (local.get $vecBytes)))
                  (local.set $vx (v128.load (i32.add (local.get $la) (local.get $k))))
                  (local.set $vy (v128.load (i32.add (local.get $lb) (local.get $k))))
                  (local.set $vs (i32x4.add (local.get $vx) (local.get $vy)))
                  (v128.store (i32.add (local.get $pa) (local.get $k))
                    (i32x4.min_u (local.get $vs) (i32x4.sub (local.get $vs) (local.get $vp))))
                  (local.set $vd (i32x4.sub (local.get $vx) (local.get $vy)))
                  (v128.store (i32.add (local.get $pb) (local.get $k))
                    (i32x4.min_u (local.get $vd) (i32x4.add (local.get $vd) (local.get $vp))))
                  (local.set $k (i32.add (local.get $k) (i32.const 16)))
                  (br $ol)))))
            (block $kdone (loop $kl
              (br_if $kdone (i32.ge_u (local.get $k) (local.get $vecBytes)))
              (local.set $vx (v128.load (i32.add (local.get $la) (local.get $k))))
              (local.set $vy (v128.load (i32.add (local.get $lb) (local.get $k))))
              (local.set $vs (i32x4.add (local.get $vx) (local.get $vy)))
              (v128.store (i32.add (local.get $pa) (local.get $k))
                (i32x4.min_u (local.get $vs) (i32x4.sub (local.get $vs) (local.get $vp))))
              (local.set $vd (i32x4.add (i32x4.sub (local.get $vx) (local.get $vy)) (local.get $vp)))
              (local.set $vq (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (i64x2.extmul_low_i32x4_u (local.get $vd) (local.get $vws))
                (i64x2.extmul_high_i32x4_u (local.get $vd) (local.get $vws))))
              (local.set $vd (i32x4.sub (i32x4.mul (local.get $vd) (local.get $vw))
                                        (i32x4.mul (local.get $vq) (local.get $vp))))
              (v128.store (i32.add (local.get $pb) (local.get $k))
                (i32x4.min_u (local.get $vd) (i32x4.sub (local.get $vd) (local.get $vp))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br $kl)))
            (if (local.get $tailOff)
              (then
                (v128.store (i32.add (local.get $pa) (local.get $tailOff)) (local.get $vtx))
                (v128.store (i32.add (local.get $pb) (local.get $tailOff)) (local.get $vty))
                (local.set $k (local.get $rowBytes))))
            ;; scalar tail of a row narrower than 4
            (block $tdone (loop $tl
              (br_if $tdone (i32.ge_u (local.get $k) (local.get $rowBytes)))
              (local.set $x (i32.load (i32.add (local.get $la) (local.get $k))))
              (local.set $y (i32.load (i32.add (local.get $lb) (local.get $k))))
              (i32.store (i32.add (local.get $pa) (local.get $k))
                (select (i32.sub (i32.add (local.get $x) (local.get $y)) (i32.const 0x78000001))
                        (i32.add (local.get $x) (local.get $y))
                        (i32.ge_u (i32.add (local.get $x) (local.get $y)) (i32.const 0x78000001))))
              (i32.store (i32.add (local.get $pb) (local.get $k))
                (call $mulmod (i32.add (i32.sub (local.get $x) (local.get $y)) (i32.const 0x78000001)) (local.get $w)))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br $tl)))
            (local.set $u (i32.add (local.get $u) (local.get $hBottom)))
            (br $ul)))
          (local.set $s (i32.add (local.get $s) (i32.shl (local.get $h) (i32.const 1))))
          (br $sl)))
        (local.set $h (i32.shr_u (local.get $h) (i32.const 1)))
        (br $hl)))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $gl))))

  ;; ---- single-column DIF -------------------------------------------------------------------

  ;; Layers hTop..hBottom (hBottom >= 4) on groups [gBegin, gEnd) of the column at ptr. A group
  ;; is `chunk` consecutive values of r (chunk divides hBottom, multiple of 4), so the inner loop
  ;; reads chunk contiguous elements per row of the group. If tail != 0 (then hBottom = chunk = 4
  ;; and groups are contiguous blocks of 2*hTop >= 16 elements), the block's last two layers
  ;; follow while it is in cache.
  (func (export "dif_col") (param $ptr i32) (param $hTop i32) (param $hBottom i32) (param $chunk i32)
    (param $gBegin i32) (param $gEnd i32) (param $tw i32) (param $twS i32) (param $tail i32)
    (local $logGpb i32) (local $g i32) (local $r0 i32) (local $base i32) (local $h i32) (local $s i32)
    (local $u i32) (local $uStep i32) (local $innerBytes i32) (local $pa i32) (local $pb i32)
    (local $tp i32) (local $tsp i32) (local $k i32) (local $hBytes i32)
    (local $vp v128) (local $vx v128) (local $vy v128) (local $vs v128) (local $vd v128) (local $vq v128)
    (local $vws v128)
    (local.set $vp (v128.const i32x4 0x78000001 0x78000001 0x78000001 0x78000001))
    (local.set $logGpb (i32.ctz (i32.div_u (local.get $hBottom) (local.get $chunk))))
    (local.set $g (local.get $gBegin))
    (block $gdone (loop $gl
      (br_if $gdone (i32.ge_u (local.get $g) (local.get $gEnd)))
      (local.set $r0 (i32.mul (i32.and (local.get $g) (i32.sub (i32.shl (i32.const 1) (local.get $logGpb)) (i32.const 1)))
                              (local.get $chunk)))
      (local.set $base (i32.add
        (i32.mul (i32.shr_u (local.get $g) (local.get $logGpb)) (i32.shl (local.get $hTop) (i32.const 1)))
        (local.get $r0)))
      (local.set $h (local.get $hTop))
      (block $hdone (loop $hl
        (br_if $hdone (i32.lt_u (local.get $h) (local.get $hBottom)))
        (local.set $hBytes (i32.shl (local.get $h) (i32.const 2)))
        ;; a contiguous group runs each block's first half as one stretch
        (if (i32.eq (local.get $chunk) (local.get $hBottom))
          (then (local.set $uStep (local.get $h)) (local.set $innerBytes (local.get $hBytes)))
          (else (local.set $uStep (local.get $hBottom)) (local.set $innerBytes (i32.shl (local.get $chunk) (i32.const 2)))))
        (local.set $s (i32.const 0))
        (block $sdone (loop $sl
          (br_if $sdone (i32.ge_u (local.get $s) (i32.shl (local.get $hTop) (i32.const 1))))
          (local.set $u (i32.const 0))
          (block $udone (loop $ul
            (br_if $udone (i32.ge_u (local.get $u) (local.get $h)))
            (local.set $pa (i32.add (local.get $ptr)
              (i32.shl (i32.add (local.get $base) (i32.add (local.get $s) (local.get $u))) (i32.const 2))))
            (local.set $pb (i32.add (local.get $pa) (local.get $hBytes)))
            (local.set $tp (i32.shl (i32.add (local.get $h) (i32.add (local.get $r0) (local.get $u))) (i32.const 2)))
            (local.set $tsp (i32.add (local.get $twS) (local.get $tp)))
            (local.set $tp (i32.add (local.get $tw) (local.get $tp)))
            (local.set $k (i32.const 0))
            (block $kdone (loop $kl
              (br_if $kdone (i32.ge_u (local.get $k) (local.get $innerBytes)))
              (local.set $vx (v128.load (i32.add (local.get $pa) (local.get $k))))
              (local.set $vy (v128.load (i32.add (local.get $pb) (local.get $k))))
              (local.set $vws (v128.load (i32.add (local.get $tsp) (local.get $k))))
              (local.set $vs (i32x4.add (local.get $vx) (local.get $vy)))
              (v128.store (i32.add (local.get $pa) (local.get $k))
                (i32x4.min_u (local.get $vs) (i32x4.sub (local.get $vs) (local.get $vp))))
              (local.set $vd (i32x4.add (i32x4.sub (local.get $vx) (local.get $vy)) (local.get $vp)))
              (local.set $vq (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (i64x2.extmul_low_i32x4_u (local.get $vd) (local.get $vws))
                (i64x2.extmul_high_i32x4_u (local.get $vd) (local.get $vws))))
              (local.set $vd (i32x4.sub (i32x4.mul (local.get $vd) (v128.load (i32.add (local.get $tp) (local.get $k))))
                                        (i32x4.mul (local.get $vq) (local.get $vp))))
              (v128.store (i32.add (local.get $pb) (local.get $k))
                (i32x4.min_u (local.get $vd) (i32x4.sub (local.get $vd) (local.get $vp))))
              (local.set $k (i32.add (local.get $k) (i32.const 16)))
              (br $kl)))
            (local.set $u (i32.add (local.get $u) (local.get $uStep)))
            (br $ul)))
          (local.set $s (i32.add (local.get $s) (i32.shl (local.get $h) (i32.const 1))))
          (br $sl)))
        (local.set $h (i32.shr_u (local.get $h) (i32.const 1)))
        (br $hl)))
      (if (local.get $tail)
        (then (call $dif_col_tail
          (i32.add (local.get $ptr) (i32.shl (local.get $base) (i32.const 2)))
          (i32.shl (local.get $hTop) (i32.const 1))
          (i32.load (i32.add (local.get $tw) (i32.const 12)))
          (i32.load (i32.add (local.get $twS) (i32.const 12))))))
      (local.set $g (i32.add (local.get $g) (i32.const 1)))
      (br $gl))))

  ;; Layers h = 2 and h = 1 on len (a multiple of 16) elements at ptr: four radix-4 blocks at a
  ;; time, transposed so that each v128 holds the same position of four blocks. Within a block
  ;; [x0 x1 x2 x3]: (x0, x2) with twiddle 1, (x1, x3) with w4 = T[3]; then (x0, x1), (x2, x3)
  ;; with twiddle 1.
  (func $dif_col_tail (param $ptr i32) (param $len i32) (param $w4 i32) (param $w4s i32)
    (local $end i32) (local $vp v128) (local $vw v128) (local $vws v128)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $q v128)
    (local.set $vp (v128.const i32x4 0x78000001 0x78000001 0x78000001 0x78000001))
    (local.set $vw (i32x4.splat (local.get $w4)))
    (local.set $vws (i32x4.splat (local.get $w4s)))
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $len) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (local.set $v0 (v128.load (local.get $ptr)))
      (local.set $v1 (v128.load offset=16 (local.get $ptr)))
      (local.set $v2 (v128.load offset=32 (local.get $ptr)))
      (local.set $v3 (v128.load offset=48 (local.get $ptr)))
      ;; transpose: a = x0s, b = x1s, c = x2s, d = x3s
      (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
      (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
      (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
      (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
      (local.set $v0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
      (local.set $v1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
      (local.set $v2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
      (local.set $v3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))
      ;; layer h = 2: (v0, v2) twiddle 1, (v1, v3) twiddle w4
      (local.set $a (i32x4.add (local.get $v0) (local.get $v2)))
      (local.set $a (i32x4.min_u (local.get $a) (i32x4.sub (local.get $a) (local.get $vp))))
      (local.set $c (i32x4.sub (local.get $v0) (local.get $v2)))
      (local.set $c (i32x4.min_u (local.get $c) (i32x4.add (local.get $c) (local.get $vp))))
      (local.set $b (i32x4.add (local.get $v1) (local.get $v3)))
      (local.set $b (i32x4.min_u (local.get $b) (i32x4.sub (local.get $b) (local.get $vp))))
      (local.set $d (i32x4.add (i32x4.sub (local.get $v1) (local.get $v3)) (local.get $vp)))
      (local.set $q (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
        (i64x2.extmul_low_i32x4_u (local.get $d) (local.get $vws))
        (i64x2.extmul_high_i32x4_u (local.get $d) (local.get $vws))))
      (local.set $d (i32x4.sub (i32x4.mul (local.get $d) (local.get $vw)) (i32x4.mul (local.get $q) (local.get $vp))))
      (local.set $d (i32x4.min_u (local.get $d) (i32x4.sub (local.get $d) (local.get $vp))))
      ;; layer h = 1: (a, b), (c, d), twiddle 1
      (local.set $v0 (i32x4.add (local.get $a) (local.get $b)))
      (local.set $v0 (i32x4.min_u (local.get $v0) (i32x4.sub (local.get $v0) (local.get $vp))))
      (local.set $v1 (i32x4.sub (local.get $a) (local.get $b)))
      (local.set $v1 (i32x4.min_u (local.get $v1) (i32x4.add (local.get $v1) (local.get $vp))))
      (local.set $v2 (i32x4.add (local.get $c) (local.get $d)))
      (local.set $v2 (i32x4.min_u (local.get $v2) (i32x4.sub (local.get $v2) (local.get $vp))))
      (local.set $v3 (i32x4.sub (local.get $c) (local.get $d)))
      (local.set $v3 (i32x4.min_u (local.get $v3) (i32x4.add (local.get $v3) (local.get $vp))))
      ;; transpose back (the same permutation)
      (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
      (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
      (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
      (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
      (v128.store (local.get $ptr) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
      (v128.store offset=16 (local.get $ptr) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
      (v128.store offset=32 (local.get $ptr) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
      (v128.store offset=48 (local.get $ptr) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
      (br $l))))

  ;; ---- permutation and scaling ---------------------------------------------------------------

  ;; Swaps row i and row rev(i) (logN-bit reversal) for every i in [begin, end) with i < rev(i).
  ;; Disjoint ranges of i touch disjoint pairs, so threads can split the range.
  (func (export "bitrev_rows") (param $ptr i32) (param $width i32) (param $logN i32) (param $begin i32) (param $end i32)
    (local $i i32) (local $j i32) (local $m i32) (local $b i32) (local $rowBytes i32) (local $vecBytes i32)
    (local $pa i32) (local $pb i32) (local $k i32) (local $x i32) (local $va v128)
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $width) (i32.const -4)) (i32.const 2)))
    ;; j = rev(begin)
    (local.set $i (local.get $begin))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $b) (local.get $logN)))
      (local.set $j (i32.or (i32.shl (local.get $j) (i32.const 1)) (i32.and (local.get $i) (i32.const 1))))
      (local.set $i (i32.shr_u (local.get $i) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $l)))
    (local.set $i (local.get $begin))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
      (if (i32.lt_u (local.get $i) (local.get $j))
        (then
          (if (i32.eq (local.get $width) (i32.const 1))
            (then
              (local.set $pa (i32.add (local.get $ptr) (i32.shl (local.get $i) (i32.const 2))))
              (local.set $pb (i32.add (local.get $ptr) (i32.shl (local.get $j) (i32.const 2))))
              (local.set $x (i32.load (local.get $pa)))
              (i32.store (local.get $pa) (i32.load (local.get $pb)))
              (i32.store (local.get $pb) (local.get $x)))
            (else
              (local.set $pa (i32.add (local.get $ptr) (i32.mul (local.get $i) (local.get $rowBytes))))
              (local.set $pb (i32.add (local.get $ptr) (i32.mul (local.get $j) (local.get $rowBytes))))
              (local.set $k (i32.const 0))
              (block $kdone (loop $kl
                (br_if $kdone (i32.ge_u (local.get $k) (local.get $vecBytes)))
                (local.set $va (v128.load (i32.add (local.get $pa) (local.get $k))))
                (v128.store (i32.add (local.get $pa) (local.get $k)) (v128.load (i32.add (local.get $pb) (local.get $k))))
                (v128.store (i32.add (local.get $pb) (local.get $k)) (local.get $va))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $kl)))
              (block $tdone (loop $tl
                (br_if $tdone (i32.ge_u (local.get $k) (local.get $rowBytes)))
                (local.set $x (i32.load (i32.add (local.get $pa) (local.get $k))))
                (i32.store (i32.add (local.get $pa) (local.get $k)) (i32.load (i32.add (local.get $pb) (local.get $k))))
                (i32.store (i32.add (local.get $pb) (local.get $k)) (local.get $x))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tl)))))))
      ;; j := rev(i + 1): add one at the top bit, carrying downwards
      (local.set $m (i32.shr_u (i32.shl (i32.const 1) (local.get $logN)) (i32.const 1)))
      (block $cdone (loop $cl
        (br_if $cdone (i32.eqz (i32.and (local.get $j) (local.get $m))))
        (local.set $j (i32.xor (local.get $j) (local.get $m)))
        (local.set $m (i32.shr_u (local.get $m) (i32.const 1)))
        (br $cl)))
      (local.set $j (i32.or (local.get $j) (local.get $m)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))

  ;; Swaps rows i and rev(i) in tiles, for memory locality: write i = (a, m, b) with a and b of
  ;; k bits; rev(i) = (rev b, rev m, rev a). The 2^2k rows sharing a middle part m map onto the
  ;; rows sharing rev m, and each side of a tile is 2^k runs of 2^k consecutive rows, instead of
  ;; a random row per swap (a TLB miss each, at LDE sizes). Handles the tiles whose middle m is
  ;; in [mBegin, mEnd) and m <= rev m; logN >= 2k.
  (func (export "bitrev_rows_tiled") (param $ptr i32) (param $width i32) (param $logN i32) (param $k i32)
    (param $mBegin i32) (param $mEnd i32)
    (local $m i32) (local $mr i32) (local $midBits i32) (local $a i32) (local $ar i32) (local $b i32)
    (local $br i32) (local $bit i32) (local $x i32) (local $K i32) (local $hiShift i32) (local $i i32)
    (local $j i32) (local $rowBytes i32) (local $vecBytes i32) (local $pa i32) (local $pb i32) (local $kk i32)
    (local $va v128)
    (local.set $K (i32.shl (i32.const 1) (local.get $k)))
    (local.set $midBits (i32.sub (local.get $logN) (i32.shl (local.get $k) (i32.const 1))))
    (local.set $hiShift (i32.sub (local.get $logN) (local.get $k)))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $width) (i32.const -4)) (i32.const 2)))
    (local.set $m (local.get $mBegin))
    (block $mdone (loop $ml
      (br_if $mdone (i32.ge_u (local.get $m) (local.get $mEnd)))
      ;; mr = rev(m) over midBits bits
      (local.set $mr (i32.const 0))
      (local.set $x (local.get $m))
      (local.set $bit (i32.const 0))
      (block $rdone (loop $rl
        (br_if $rdone (i32.ge_u (local.get $bit) (local.get $midBits)))
        (local.set $mr (i32.or (i32.shl (local.get $mr) (i32.const 1)) (i32.and (local.get $x) (i32.const 1))))
        (local.set $x (i32.shr_u (local.get $x) (i32.const 1)))
        (local.set $bit (i32.add (local.get $bit) (i32.const 1)))
        (br $rl)))
      (if (i32.le_u (local.get $m) (local.get $mr))
        (then
          (local.set $a (i32.const 0))
          (local.set $ar (i32.const 0))
          (block $adone (loop $al
            (br_if $adone (i32.ge_u (local.get $a) (local.get $K)))
            (local.set $b (i32.const 0))
            (local.set $br (i32.const 0))
            (block $bdone (loop $bl
              (br_if $bdone (i32.ge_u (local.get $b) (local.get $K)))
              (local.set $i (i32.or (i32.shl (local.get $a) (local.get $hiShift))
                (i32.or (i32.shl (local.get $m) (local.get $k)) (local.get $b))))
              (local.set $j (i32.or (i32.shl (local.get $br) (local.get $hiShift))
                (i32.or (i32.shl (local.get $mr) (local.get $k)) (local.get $ar))))
              (if (i32.or (i32.lt_u (local.get $m) (local.get $mr)) (i32.lt_u (local.get $i) (local.get $j)))
                (then
                  (if (i32.eq (local.get $width) (i32.const 1))
                    (then
                      (local.set $pa (i32.add (local.get $ptr) (i32.shl (local.get $i) (i32.const 2))))
                      (local.set $pb (i32.add (local.get $ptr) (i32.shl (local.get $j) (i32.const 2))))
                      (local.set $x (i32.load (local.get $pa)))
                      (i32.store (local.get $pa) (i32.load (local.get $pb)))
                      (i32.store (local.get $pb) (local.get $x)))
                    (else
                      (local.set $pa (i32.add (local.get $ptr) (i32.mul (local.get $i) (local.get $rowBytes))))
                      (local.set $pb (i32.add (local.get $ptr) (i32.mul (local.get $j) (local.get $rowBytes))))
                      (local.set $kk (i32.const 0))
                      (block $kdone (loop $kl
                        (br_if $kdone (i32.ge_u (local.get $kk) (local.get $vecBytes)))
                        (local.set $va (v128.load (i32.add (local.get $pa) (local.get $kk))))
                        (v128.store (i32.add (local.get $pa) (local.get $kk)) (v128.load (i32.add (local.get $pb) (local.get $kk))))
                        (v128.store (i32.add (local.get $pb) (local.get $kk)) (local.get $va))
                        (local.set $kk (i32.add (local.get $kk) (i32.const 16)))
                        (br $kl)))
                      (block $tdone (loop $tl
                        (br_if $tdone (i32.ge_u (local.get $kk) (local.get $rowBytes)))
                        (local.set $x (i32.load (i32.add (local.get $pa) (local.get $kk))))
                        (i32.store (i32.add (local.get $pa) (local.get $kk)) (i32.load (i32.add (local.get $pb) (local.get $kk))))
                        (i32.store (i32.add (local.get $pb) (local.get $kk)) (local.get $x))
                        (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
                        (br $tl)))))))
              ;; b += 1, br = rev_k(b) (carry from the top bit down)
              (local.set $bit (i32.shr_u (local.get $K) (i32.const 1)))
              (block $cdone (loop $cl
                (br_if $cdone (i32.eqz (i32.and (local.get $br) (local.get $bit))))
                (local.set $br (i32.xor (local.get $br) (local.get $bit)))
                (local.set $bit (i32.shr_u (local.get $bit) (i32.const 1)))
                (br $cl)))
              (local.set $br (i32.or (local.get $br) (local.get $bit)))
              (local.set $b (i32.add (local.get $b) (i32.const 1)))
              (br $bl)))
            (local.set $bit (i32.shr_u (local.get $K) (i32.const 1)))
            (block $cdone (loop $cl
              (br_if $cdone (i32.eqz (i32.and (local.get $ar) (local.get $bit))))
              (local.set $ar (i32.xor (local.get $ar) (local.get $bit)))
              (local.set $bit (i32.shr_u (local.get $bit) (i32.const 1)))
              (br $cl)))
            (local.set $ar (i32.or (local.get $ar) (local.get $bit)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $al)))))
      (local.set $m (i32.add (local.get $m) (i32.const 1)))
      (br $ml))))

  ;; dst[0, bytes) := src[0, bytes) (a thread's share of a large copy).
  (func (export "copy") (param $dst i32) (param $src i32) (param $bytes i32)
    (memory.copy (local.get $dst) (local.get $src) (local.get $bytes)))

  ;; mem[out] := the largest of the n words at src (unsigned; 0 if n = 0): a thread's share of
  ;; the check that a matrix holds field elements only. Two accumulators, 8 words per step.
  (func (export "max_words") (param $src i32) (param $n i32) (param $out i32)
    (local $a v128) (local $b v128) (local $end i32) (local $m i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
      (local.set $a (i32x4.max_u (local.get $a) (v128.load (local.get $src))))
      (local.set $b (i32x4.max_u (local.get $b) (v128.load offset=16 (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 32)))
      (br $l)))
    (local.set $a (i32x4.max_u (local.get $a) (local.get $b)))
    (local.set $a (i32x4.max_u (local.get $a) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $a) (local.get $a))))
    (local.set $a (i32x4.max_u (local.get $a) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $a) (local.get $a))))
    (local.set $m (i32x4.extract_lane 0 (local.get $a)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 2))))
    (block $tdone (loop $t
      (br_if $tdone (i32.ge_u (local.get $src) (local.get $end)))
      (if (i32.gt_u (i32.load (local.get $src)) (local.get $m))
        (then (local.set $m (i32.load (local.get $src)))))
      (local.set $src (i32.add (local.get $src) (i32.const 4)))
      (br $t)))
    (i32.store (local.get $out) (local.get $m)))

  ;; dst row i := src row i * (c * z^i), for i < rows (src may equal dst).
  (func (export "scale_rows_powers") (param $src i32) (param $dst i32) (param $width i32) (param $rows i32)
    (param $c i32) (param $z i32)
    (local $i i32) (local $k i32) (local $rowBytes i32) (local $vecBytes i32)
    (local $vp v128) (local $vc v128) (local $vcs v128) (local $vx v128) (local $vq v128) (local $vr v128)
    (local.set $vp (v128.const i32x4 0x78000001 0x78000001 0x78000001 0x78000001))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 2)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $width) (i32.const -4)) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $vc (i32x4.splat (local.get $c)))
      (local.set $vcs (i32x4.splat (call $shoup (local.get $c))))
      (local.set $k (i32.const 0))
      (block $kdone (loop $kl
        (br_if $kdone (i32.ge_u (local.get $k) (local.get $vecBytes)))
        (local.set $vx (v128.load (i32.add (local.get $src) (local.get $k))))
        (local.set $vq (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
          (i64x2.extmul_low_i32x4_u (local.get $vx) (local.get $vcs))
          (i64x2.extmul_high_i32x4_u (local.get $vx) (local.get $vcs))))
        (local.set $vr (i32x4.sub (i32x4.mul (local.get $vx) (local.get $vc)) (i32x4.mul (local.get $vq) (local.get $vp))))
        (v128.store (i32.add (local.get $dst) (local.get $k))
          (i32x4.min_u (local.get $vr) (i32x4.sub (local.get $vr) (local.get $vp))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $kl)))
      (block $tdone (loop $tl
        (br_if $tdone (i32.ge_u (local.get $k) (local.get $rowBytes)))
        (i32.store (i32.add (local.get $dst) (local.get $k))
          (call $mulmod (i32.load (i32.add (local.get $src) (local.get $k))) (local.get $c)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $tl)))
      (local.set $c (call $mulmod (local.get $c) (local.get $z)))
      (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
      (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
  ;; Rows [r0, r1) of the row-major width × rows matrix at src, written column-major at dst
  ;; (column c at dst + 4·c·rows): dst[c][r] := src[r][c]. `to_rows` is its inverse.
  (func (export "to_columns") (param $dst i32) (param $src i32) (param $width i32) (param $rows i32)
    (param $r0 i32) (param $r1 i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $colBytes i32)
    (local.set $colBytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $s (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $width)) (i32.const 2))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
      (local.set $c (i32.const 0))
      (block $cdone (loop $cl
        (br_if $cdone (i32.ge_u (local.get $c) (local.get $width)))
        (i32.store (local.get $d) (i32.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (local.get $colBytes)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $l))))

  ;; dst[r][c] := src[c][r] for rows [r0, r1): column-major src back to row-major dst.
  (func (export "to_rows") (param $dst i32) (param $src i32) (param $width i32) (param $rows i32)
    (param $r0 i32) (param $r1 i32)
    (local $r i32) (local $c i32) (local $s i32) (local $d i32) (local $colBytes i32)
    (local.set $colBytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $d (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $width)) (i32.const 2))))
      (local.set $s (i32.add (local.get $src) (i32.shl (local.get $r) (i32.const 2))))
      (local.set $c (i32.const 0))
      (block $cdone (loop $cl
        (br_if $cdone (i32.ge_u (local.get $c) (local.get $width)))
        (i32.store (local.get $d) (i32.load (local.get $s)))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (local.get $colBytes)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cl)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $l))))
)
