### Kata-kata untuk menyebut letak sebuah masalah (berkas, baris, kolom, nilai) dan ringkasan impor di baris
### perintah.

problem-at-row = baris { NUMBER($row, useGrouping: "false") }
problem-at-column = kolom { $column }
problem-at-value = nilai "{ $value }"
cli-problems-found = { $count } masalah ditemukan; tidak ada yang diimpor.
cli-more-problems = … dan { $count } masalah lagi{ $report ->
        [yes] {" "}di berkas laporan.
       *[no] ; gunakan --report BERKAS untuk mendapatkan semuanya.
    }
cli-report-written = Laporan masalah ditulis ke { $path }.
cli-report-failed = { $count } masalah; tidak ada yang diimpor; laporan masalah tidak dapat ditulis: { $detail }
cli-input-problems = { $count } masalah dalam masukan:
