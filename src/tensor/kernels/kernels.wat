;; The vectorized engine's matrix kernels in WebAssembly SIMD (f32x4).
;; Compiled to kernels.wasm.ts by `npm run build:wasm`; the TypeScript kernels in typescript.ts give
;; the same numbers. All matrices are row-major f32; every pointer is a byte offset into the
;; imported memory, and every size is a count of elements (at least 1).
(module
  (import "env" "memory" (memory 1))

  ;; One entry of the product: Σ_p A(i, p) · b[p·n + j], stepping `aStep` bytes along A's row i and
  ;; one row of b at a time down its column j. For the columns right of the whole 4×8 blocks.
  ;; Four partial sums (p mod 4) added at the end: one running sum would wait for each addition to
  ;; finish before the next could start.
  (func $dot (param $a i32) (param $aStep i32) (param $b i32) (param $k i32) (param $rowBytesB i32) (result f32)
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32)
    (local $p i32) (local $whole i32)
    (local.set $whole (i32.and (local.get $k) (i32.const -4)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $p) (local.get $whole)))
        (local.set $s0 (f32.add (local.get $s0) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytesB)))
        (local.set $s1 (f32.add (local.get $s1) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytesB)))
        (local.set $s2 (f32.add (local.get $s2) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytesB)))
        (local.set $s3 (f32.add (local.get $s3) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytesB)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $quads)))
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s0 (f32.add (local.get $s0) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $aStep)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytesB)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $rest)))
    (f32.add (f32.add (local.get $s0) (local.get $s1)) (f32.add (local.get $s2) (local.get $s3))))

  ;; c[cp .. cp+7] = row i of A times the k×8 panel of b at `b`: a 1×8 block, for the rows below the
  ;; whole 4×8 blocks. Each entry is summed in the same order, with the same multiply-adds, as in a
  ;; 4×8 block, so a row gives the same numbers whichever of the two computes it.
  (func $rowBlock (param $cp i32) (param $a i32) (param $aStep i32) (param $b i32) (param $k i32) (param $rowBytesB i32)
    (local $end i32) (local $s v128) (local $b0 v128) (local $b1 v128) (local $r0 v128) (local $r1 v128)
    (local.set $end (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $rowBytesB))))
    (loop $inner
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $s (v128.load32_splat (local.get $a)))
      (local.set $r0 (f32x4.add (local.get $r0) (f32x4.mul (local.get $s) (local.get $b0))))
      (local.set $r1 (f32x4.add (local.get $r1) (f32x4.mul (local.get $s) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (local.get $aStep)))
      (local.set $b (i32.add (local.get $b) (local.get $rowBytesB)))
      (br_if $inner (i32.lt_u (local.get $b) (local.get $end))))
    (v128.store (local.get $cp) (local.get $r0))
    (v128.store offset=16 (local.get $cp) (local.get $r1)))

  ;; c[m×n] = A · b[k×n], where A's entry (i, p) is at a + i·aRowStep + p·aStep (in bytes). A matrix a
  ;; stored m×k has aRowStep = 4k, aStep = 4; a matrix stored k×m and used transposed (the δᵀ of a
  ;; weight gradient) has aRowStep = 4, aStep = 4m, so no transposed copy is ever made.
  ;;
  ;; The bulk is done in 4×8 blocks of c held in eight f32x4 registers: for each p, one row of b
  ;; (two vectors) meets four entries of A, each loaded straight into all four lanes, so every load
  ;; feeds several multiply-adds. Column blocks are the outer loop, so the k×8 panel of b stays in
  ;; cache for all rows of A. Each multiply-add below is written as an add of a product; the
  ;; `fused` build (compile.ts) turns exactly these eight (and $rowBlock's two) into f32x4.relaxed_madd, one instruction
  ;; where the hardware has fused multiply-add.
  (func $product
    (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $k i32) (param $n i32)
    (param $aRowStep i32) (param $aStep i32)
    (local $rowBytesB i32) (local $panelBytes i32)
    (local $fullRows i32) (local $fullCols i32)
    (local $i i32) (local $j i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $bp i32) (local $bEnd i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowBytesB (i32.shl (local.get $n) (i32.const 2)))
    (local.set $panelBytes (i32.mul (local.get $k) (local.get $rowBytesB)))
    (local.set $fullRows (i32.and (local.get $m) (i32.const -4)))
    (local.set $fullCols (i32.and (local.get $n) (i32.const -8)))

    (local.set $j (i32.const 0))
    (block $colsDone
      (loop $cols
        (br_if $colsDone (i32.ge_u (local.get $j) (local.get $fullCols)))
        (local.set $i (i32.const 0))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $fullRows)))
            (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowStep))))
            (local.set $a1 (i32.add (local.get $a0) (local.get $aRowStep)))
            (local.set $a2 (i32.add (local.get $a1) (local.get $aRowStep)))
            (local.set $a3 (i32.add (local.get $a2) (local.get $aRowStep)))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $bEnd (i32.add (local.get $bp) (local.get $panelBytes)))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
            (loop $inner
              (local.set $b0 (v128.load (local.get $bp)))
              (local.set $b1 (v128.load offset=16 (local.get $bp)))
              (local.set $s (v128.load32_splat (local.get $a0)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat (local.get $a1)))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat (local.get $a2)))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $s (v128.load32_splat (local.get $a3)))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
              (local.set $a0 (i32.add (local.get $a0) (local.get $aStep)))
              (local.set $a1 (i32.add (local.get $a1) (local.get $aStep)))
              (local.set $a2 (i32.add (local.get $a2) (local.get $aStep)))
              (local.set $a3 (i32.add (local.get $a3) (local.get $aStep)))
              (local.set $bp (i32.add (local.get $bp) (local.get $rowBytesB)))
              (br_if $inner (i32.lt_u (local.get $bp) (local.get $bEnd))))
            (local.set $cp (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c10))
            (v128.store offset=16 (local.get $cp) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c20))
            (v128.store offset=16 (local.get $cp) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c30))
            (v128.store offset=16 (local.get $cp) (local.get $c31))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $rows)))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $cols)))

    ;; The columns right of the last whole block, for every row.
    (local.set $i (i32.const 0))
    (block $edgeRowsDone
      (loop $edgeRows
        (br_if $edgeRowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (local.get $fullCols))
        (block $edgeColsDone
          (loop $edgeCols
            (br_if $edgeColsDone (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
              (call $dot
                (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowStep))) (local.get $aStep)
                (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
                (local.get $k) (local.get $rowBytesB)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $edgeCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $edgeRows)))

    ;; The rows below the last whole block, left of the columns already done.
    (local.set $i (local.get $fullRows))
    (block $bottomRowsDone
      (loop $bottomRows
        (br_if $bottomRowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $bottomColsDone
          (loop $bottomCols
            (br_if $bottomColsDone (i32.ge_u (local.get $j) (local.get $fullCols)))
            (call $rowBlock
              (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRowStep))) (local.get $aStep)
              (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))
              (local.get $k) (local.get $rowBytesB))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $bottomCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $bottomRows))))

  ;; c[m×n] = a[m×k] · b[k×n].
  (func (export "matmul") (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $k i32) (param $n i32)
    (call $product (local.get $c) (local.get $a) (local.get $b) (local.get $m) (local.get $k) (local.get $n)
      (i32.shl (local.get $k) (i32.const 2)) (i32.const 4)))

  ;; c[m×n] = A · b[k×n] for any A laid out as $product describes: the two-core kernels hand the
  ;; helper thread the lower rows of a product this way, whichever way its A is stored.
  (func (export "matmulStrided")
    (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $k i32) (param $n i32)
    (param $aRowStep i32) (param $aStep i32)
    (call $product (local.get $c) (local.get $a) (local.get $b) (local.get $m) (local.get $k) (local.get $n)
      (local.get $aRowStep) (local.get $aStep)))

  ;; Σ over p in [from, to) (byte offsets) of x[p] · y[p], one product at a time: the last k mod 4
  ;; terms of a dot product whose whole quads were summed four lanes at a time.
  (func $tailDot (param $x i32) (param $y i32) (param $from i32) (param $to i32) (result f32)
    (local $sum f32)
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $sum (f32.add (local.get $sum)
          (f32.mul (f32.load (i32.add (local.get $x) (local.get $from))) (f32.load (i32.add (local.get $y) (local.get $from))))))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (br $step)))
    (local.get $sum))

  ;; Σ_p x[p] · y[p] over two contiguous rows of k floats (rowBytes = 4k, quadBytes = its whole
  ;; quads): four lanes of partial sums (p mod 4), added as (l0 + l2) + (l1 + l3), then the tail.
  ;; For the entries of a·bᵀ outside the whole 2×4 blocks; the blocks sum each entry in exactly this
  ;; order, so an entry is the same number whichever computes it.
  (func $rowDot (param $x i32) (param $y i32) (param $quadBytes i32) (param $rowBytes i32) (result f32)
    (local $p i32) (local $sum v128) (local $u v128) (local $w v128)
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $p) (local.get $quadBytes)))
        (local.set $u (v128.load (i32.add (local.get $x) (local.get $p))))
        (local.set $w (v128.load (i32.add (local.get $y) (local.get $p))))
        (local.set $sum (f32x4.add (local.get $sum) (f32x4.mul (local.get $u) (local.get $w))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $quads)))
    (f32.add
      (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 2 (local.get $sum)))
        (f32.add (f32x4.extract_lane 1 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum))))
      (call $tailDot (local.get $x) (local.get $y) (local.get $quadBytes) (local.get $rowBytes))))

  ;; The four sums of four partial-sum vectors s0..s3, as one vector [Σs0, Σs1, Σs2, Σs3], each added
  ;; as (l0 + l2) + (l1 + l3) like $rowDot: a 4×4 transpose folded into the additions.
  (func $sums4 (param $s0 v128) (param $s1 v128) (param $s2 v128) (param $s3 v128) (result v128)
    (local $t0 v128) (local $t1 v128)
    ;; t0 = [s0.0 + s0.2, s1.0 + s1.2, s0.1 + s0.3, s1.1 + s1.3], t1 the same for s2 and s3.
    (local.set $t0 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $s0) (local.get $s1))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $s0) (local.get $s1))))
    (local.set $t1 (f32x4.add
      (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $s2) (local.get $s3))
      (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $s2) (local.get $s3))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1))))

  ;; c[m×n] = a[m×k] · b[n×k]ᵀ: every entry is the dot product of a row of a with a row of b, both
  ;; contiguous, so the forward pass z·Wᵀ reads W as it is stored (rows are neurons) with no
  ;; transposed copy.
  (func (export "matmulTransposedB")
    (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $k i32) (param $n i32)
    (call $transposedB (local.get $c) (local.get $a) (local.get $b) (local.get $m) (local.get $k) (local.get $n)
      (i32.shl (local.get $n) (i32.const 2))))

  ;; The same product into n columns of a wider c whose rows are `rowBytesC` bytes apart: the
  ;; two-core kernels give each thread a band of columns (neurons), so that it reads only its own
  ;; rows of W, the rows it also updates. Each entry is computed exactly as in the whole product.
  (func (export "matmulTransposedBColumns")
    (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $k i32) (param $n i32) (param $rowBytesC i32)
    (call $transposedB (local.get $c) (local.get $a) (local.get $b) (local.get $m) (local.get $k) (local.get $n)
      (local.get $rowBytesC)))

  ;; The bulk is done in 2×4 blocks of c: eight f32x4 registers of partial sums, fed per quad of p
  ;; by two loads of a and four of b. These eight multiply-adds, too, are fused in the `fused` build.
  (func $transposedB
    (param $c i32) (param $a i32) (param $b i32) (param $m i32) (param $k i32) (param $n i32) (param $rowBytesC i32)
    (local $rowBytes i32) (local $quadBytes i32)
    (local $fullRows i32) (local $fullCols i32) (local $i i32) (local $j i32) (local $p i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $cp i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $quadBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $fullRows (i32.and (local.get $m) (i32.const -2)))
    (local.set $fullCols (i32.and (local.get $n) (i32.const -4)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $fullRows)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowBytes)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $fullCols)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $rowBytes)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $rowBytes)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $rowBytes)))
            (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s02 (v128.const i32x4 0 0 0 0)) (local.set $s03 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s12 (v128.const i32x4 0 0 0 0)) (local.set $s13 (v128.const i32x4 0 0 0 0))
            (local.set $p (i32.const 0))
            (block $quadsDone
              (loop $quads
                (br_if $quadsDone (i32.ge_u (local.get $p) (local.get $quadBytes)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $p))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $p))))
                (local.set $y (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b1) (local.get $p))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b2) (local.get $p))))
                (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b3) (local.get $p))))
                (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $quads)))
            (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytesC))) (i32.shl (local.get $j) (i32.const 2))))
            (v128.store (local.get $cp) (call $sums4 (local.get $s00) (local.get $s01) (local.get $s02) (local.get $s03)))
            (v128.store (i32.add (local.get $cp) (local.get $rowBytesC))
              (call $sums4 (local.get $s10) (local.get $s11) (local.get $s12) (local.get $s13)))
            ;; The last k mod 4 terms of the eight entries, one at a time.
            (if (i32.lt_u (local.get $quadBytes) (local.get $rowBytes))
              (then
                (call $addTails (local.get $cp) (local.get $a0) (local.get $b0) (local.get $quadBytes) (local.get $rowBytes))
                (call $addTails (i32.add (local.get $cp) (local.get $rowBytesC)) (local.get $a1) (local.get $b0)
                  (local.get $quadBytes) (local.get $rowBytes))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows)))

    ;; The columns right of the whole blocks, for every row; then the last row (m odd), left of them.
    (local.set $i (i32.const 0))
    (block $edgeRowsDone
      (loop $edgeRows
        (br_if $edgeRowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (select (i32.const 0) (local.get $fullCols) (i32.ge_u (local.get $i) (local.get $fullRows))))
        (block $edgeColsDone
          (loop $edgeCols
            (br_if $edgeColsDone (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $rowBytesC))) (i32.shl (local.get $j) (i32.const 2)))
              (call $rowDot
                (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes)))
                (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rowBytes)))
                (local.get $quadBytes) (local.get $rowBytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $edgeCols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $edgeRows))))

  ;; c[cp + 4q] += the tail ($tailDot) of row x with row q of the four rows of b from `b0`, q = 0..3.
  (func $addTails (param $cp i32) (param $x i32) (param $b0 i32) (param $from i32) (param $rowBytes i32)
    (local $q i32) (local $y i32)
    (local.set $y (local.get $b0))
    (loop $entries
      (f32.store (local.get $cp)
        (f32.add (f32.load (local.get $cp)) (call $tailDot (local.get $x) (local.get $y) (local.get $from) (local.get $rowBytes))))
      (local.set $cp (i32.add (local.get $cp) (i32.const 4)))
      (local.set $y (i32.add (local.get $y) (local.get $rowBytes)))
      (local.set $q (i32.add (local.get $q) (i32.const 1)))
      (br_if $entries (i32.lt_u (local.get $q) (i32.const 4)))))

  ;; One Adam update of `length` parameters, four at a time:
  ;;   m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − stepSize · m / (√v + ε)
  ;; (the bias corrections are folded into stepSize and ε by the caller).
  (func (export "adam")
    (param $values i32) (param $grads i32) (param $m i32) (param $v i32) (param $length i32)
    (param $beta1 f32) (param $beta2 f32) (param $stepSize f32) (param $epsilon f32)
    (local $offset i32) (local $vectorBytes i32) (local $bytes i32)
    (local $g v128) (local $mNew v128) (local $vNew v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $bytes) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $offset) (local.get $vectorBytes)))
        (local.set $g (v128.load (i32.add (local.get $grads) (local.get $offset))))
        (local.set $mNew (f32x4.add
          (f32x4.mul (f32x4.splat (local.get $beta1)) (v128.load (i32.add (local.get $m) (local.get $offset))))
          (f32x4.mul (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))) (local.get $g))))
        (local.set $vNew (f32x4.add
          (f32x4.mul (f32x4.splat (local.get $beta2)) (v128.load (i32.add (local.get $v) (local.get $offset))))
          (f32x4.mul (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))) (f32x4.mul (local.get $g) (local.get $g)))))
        (v128.store (i32.add (local.get $m) (local.get $offset)) (local.get $mNew))
        (v128.store (i32.add (local.get $v) (local.get $offset)) (local.get $vNew))
        (v128.store (i32.add (local.get $values) (local.get $offset))
          (f32x4.sub
            (v128.load (i32.add (local.get $values) (local.get $offset)))
            (f32x4.div
              (f32x4.mul (f32x4.splat (local.get $stepSize)) (local.get $mNew))
              (f32x4.add (f32x4.sqrt (local.get $vNew)) (f32x4.splat (local.get $epsilon))))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
        (br $vectors)))
    ;; The last length mod 4 parameters, one at a time, with the same formulas.
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $offset) (local.get $bytes)))
        (local.set $gs (f32.load (i32.add (local.get $grads) (local.get $offset))))
        (local.set $ms (f32.add
          (f32.mul (local.get $beta1) (f32.load (i32.add (local.get $m) (local.get $offset))))
          (f32.mul (f32.sub (f32.const 1) (local.get $beta1)) (local.get $gs))))
        (local.set $vs (f32.add
          (f32.mul (local.get $beta2) (f32.load (i32.add (local.get $v) (local.get $offset))))
          (f32.mul (f32.sub (f32.const 1) (local.get $beta2)) (f32.mul (local.get $gs) (local.get $gs)))))
        (f32.store (i32.add (local.get $m) (local.get $offset)) (local.get $ms))
        (f32.store (i32.add (local.get $v) (local.get $offset)) (local.get $vs))
        (f32.store (i32.add (local.get $values) (local.get $offset))
          (f32.sub
            (f32.load (i32.add (local.get $values) (local.get $offset)))
            (f32.div
              (f32.mul (local.get $stepSize) (local.get $ms))
              (f32.add (f32.sqrt (local.get $vs)) (local.get $epsilon)))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 4)))
        (br $tail))))

  ;; a[rows×cols] += biases[cols] on every row: the biases of a layer's forward pass.
  (func (export "addBias") (param $a i32) (param $biases i32) (param $rows i32) (param $cols i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $end i32) (local $offset i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (loop $rowsLoop
      (local.set $offset (i32.const 0))
      (block $vectorsDone
        (loop $vectors
          (br_if $vectorsDone (i32.ge_u (local.get $offset) (local.get $vectorBytes)))
          (v128.store (i32.add (local.get $a) (local.get $offset))
            (f32x4.add (v128.load (i32.add (local.get $a) (local.get $offset))) (v128.load (i32.add (local.get $biases) (local.get $offset)))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
          (br $vectors)))
      (block $tailDone
        (loop $tail
          (br_if $tailDone (i32.ge_u (local.get $offset) (local.get $rowBytes)))
          (f32.store (i32.add (local.get $a) (local.get $offset))
            (f32.add (f32.load (i32.add (local.get $a) (local.get $offset))) (f32.load (i32.add (local.get $biases) (local.get $offset)))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 4)))
          (br $tail)))
      (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
      (br_if $rowsLoop (i32.lt_u (local.get $a) (local.get $end)))))

  ;; out[cols] = Σ_r matrix[r×cols]: the bias gradient Σ_i δ_i, added row after row in order, as
  ;; the TypeScript kernel does, so both round alike.
  (func (export "sumRows") (param $out i32) (param $matrix i32) (param $rows i32) (param $cols i32)
    (local $rowBytes i32) (local $vectorBytes i32) (local $end i32) (local $offset i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $end (i32.add (local.get $matrix) (i32.mul (local.get $rows) (local.get $rowBytes))))
    (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
    (loop $rowsLoop
      (local.set $offset (i32.const 0))
      (block $vectorsDone
        (loop $vectors
          (br_if $vectorsDone (i32.ge_u (local.get $offset) (local.get $vectorBytes)))
          (v128.store (i32.add (local.get $out) (local.get $offset))
            (f32x4.add (v128.load (i32.add (local.get $out) (local.get $offset))) (v128.load (i32.add (local.get $matrix) (local.get $offset)))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
          (br $vectors)))
      (block $tailDone
        (loop $tail
          (br_if $tailDone (i32.ge_u (local.get $offset) (local.get $rowBytes)))
          (f32.store (i32.add (local.get $out) (local.get $offset))
            (f32.add (f32.load (i32.add (local.get $out) (local.get $offset))) (f32.load (i32.add (local.get $matrix) (local.get $offset)))))
          (local.set $offset (i32.add (local.get $offset) (i32.const 4)))
          (br $tail)))
      (local.set $matrix (i32.add (local.get $matrix) (local.get $rowBytes)))
      (br_if $rowsLoop (i32.lt_u (local.get $matrix) (local.get $end)))))

  ;; z = ReLU(a) = (a > 0 ? a : 0) over `length` entries: a's bits where a > 0, else +0 (also for NaN,
  ;; as the scalar engine's ReLU).
  (func (export "relu") (param $z i32) (param $a i32) (param $length i32)
    (local $bytes i32) (local $vectorBytes i32) (local $offset i32) (local $x v128) (local $s f32)
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $bytes) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $offset) (local.get $vectorBytes)))
        (local.set $x (v128.load (i32.add (local.get $a) (local.get $offset))))
        (v128.store (i32.add (local.get $z) (local.get $offset))
          (v128.and (local.get $x) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $offset) (local.get $bytes)))
        (local.set $s (f32.load (i32.add (local.get $a) (local.get $offset))))
        (f32.store (i32.add (local.get $z) (local.get $offset))
          (select (local.get $s) (f32.const 0) (f32.gt (local.get $s) (f32.const 0))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 4)))
        (br $tail))))

  ;; δ ← δ · ReLU'(a), ReLU'(a) = (a > 0 ? 1 : 0), over `length` entries: a multiplication, as in the
  ;; scalar engine, so a negative δ times 0 stays −0 and an infinite one becomes NaN alike.
  (func (export "reluDerivative") (param $delta i32) (param $a i32) (param $length i32)
    (local $bytes i32) (local $vectorBytes i32) (local $offset i32) (local $s f32)
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $bytes) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $offset) (local.get $vectorBytes)))
        (v128.store (i32.add (local.get $delta) (local.get $offset))
          (f32x4.mul (v128.load (i32.add (local.get $delta) (local.get $offset)))
            (v128.and (f32x4.gt (v128.load (i32.add (local.get $a) (local.get $offset))) (v128.const f32x4 0 0 0 0))
              (v128.const f32x4 1 1 1 1))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $offset) (local.get $bytes)))
        (f32.store (i32.add (local.get $delta) (local.get $offset))
          (f32.mul (f32.load (i32.add (local.get $delta) (local.get $offset)))
            (select (f32.const 1) (f32.const 0) (f32.gt (f32.load (i32.add (local.get $a) (local.get $offset))) (f32.const 0)))))
        (local.set $offset (i32.add (local.get $offset) (i32.const 4)))
        (br $tail))))

  ;; x = bytes / 255 over `length` entries: 8-bit pixels (0–255) as inputs in [0, 1], sixteen bytes
  ;; at a time. A division, not a product with 1/255, so each entry is the float32 nearest b/255, the
  ;; TypeScript kernel's number. One row of gatherUnitRows.
  (func $unitFromBytes (param $x i32) (param $bytes i32) (param $length i32)
    (local $i i32) (local $vectorEnd i32) (local $out i32) (local $sixteen v128) (local $eight v128)
    (local.set $vectorEnd (i32.and (local.get $length) (i32.const -16)))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $i) (local.get $vectorEnd)))
        (local.set $sixteen (v128.load (i32.add (local.get $bytes) (local.get $i))))
        (local.set $out (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $eight (i16x8.extend_low_i8x16_u (local.get $sixteen)))
        (v128.store (local.get $out)
          (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $eight))) (v128.const f32x4 255 255 255 255)))
        (v128.store offset=16 (local.get $out)
          (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $eight))) (v128.const f32x4 255 255 255 255)))
        (local.set $eight (i16x8.extend_high_i8x16_u (local.get $sixteen)))
        (v128.store offset=32 (local.get $out)
          (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_low_i16x8_u (local.get $eight))) (v128.const f32x4 255 255 255 255)))
        (v128.store offset=48 (local.get $out)
          (f32x4.div (f32x4.convert_i32x4_u (i32x4.extend_high_i16x8_u (local.get $eight))) (v128.const f32x4 255 255 255 255)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vectors)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $length)))
        (f32.store (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))
          (f32.div (f32.convert_i32_u (i32.load8_u (i32.add (local.get $bytes) (local.get $i)))) (f32.const 255)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  ;; Row r of x (rowLength floats) = row indices[r] of the byte matrix at `source`, scaled as
  ;; $unitFromBytes scales it, for r in [0, rows): a batch of digits gathered from a data set kept
  ;; in this memory.
  (func (export "gatherUnitRows")
    (param $x i32) (param $source i32) (param $indices i32) (param $rows i32) (param $rowLength i32)
    (local $r i32) (local $rowBytesX i32)
    (local.set $rowBytesX (i32.shl (local.get $rowLength) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (call $unitFromBytes
          (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $rowBytesX)))
          (i32.add (local.get $source)
            (i32.mul (i32.load (i32.add (local.get $indices) (i32.shl (local.get $r) (i32.const 2)))) (local.get $rowLength)))
          (local.get $rowLength))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
