### Masalah yang ditemukan saat memeriksa berkas, formulir dan data: satu pesan untuk setiap kode
### (kkb_domain::problem::Reason). Nama pesan = "problem-" + kode (garis bawah menjadi tanda hubung).
### Baris dan tahun ditulis dengan NUMBER(…, useGrouping: "false") agar tidak diberi titik ribuan.

## Berkas, lembar dan baris

problem-file-empty = Berkas ini kosong: baris pertamanya harus berisi nama-nama kolom (baris judul).
problem-sheet-empty = Lembar (sheet) ini kosong: baris pertamanya harus berisi nama-nama kolom (baris judul).
problem-file-not-utf8 = Berkas ini bukan teks UTF-8. Simpan ulang dari Excel dengan pilihan "CSV UTF-8".
problem-file-not-utf8-at = Berkas ini bukan teks UTF-8 (mulai sesudah { $bytes } bita). Simpan ulang dari Excel dengan pilihan "CSV UTF-8".
problem-cell-not-utf8 = Isi sel ini bukan teks UTF-8. Simpan ulang berkas dari Excel dengan pilihan "CSV UTF-8".
problem-file-unreadable = Berkas tidak dapat dibaca sesudah baris { NUMBER($row, useGrouping: "false") } ({ $detail }). Periksa tanda kutip di baris berikutnya, lalu simpan ulang sebagai CSV.
problem-sheet-missing = Buku kerja tidak punya lembar bernama "{ $sheet }" (yang ada: { $sheets }). Ganti nama lembarnya menjadi "{ $sheet }".
problem-registry-sheets-missing = Buku kerja tidak punya lembar bernama "kampung" atau "laporan" (yang ada: { $sheets }). Ganti nama lembarnya.
problem-sheet-unreadable = Lembar ini tidak dapat dibaca ({ $detail }).
problem-semicolon-header = Kolom-kolomnya dipisahkan titik koma (;). Simpan ulang dari Excel dengan pilihan "CSV UTF-8 (Comma delimited)" agar dipisahkan koma.
problem-unknown-registry-file = Berkas ini bukan kampung.csv (baris judulnya memuat kolom launch_date) dan bukan laporan.csv (baris judulnya memuat kolom month).
problem-duplicate-column = Kolom ini muncul dua kali di baris judul. Hapus salah satunya.
problem-missing-columns = Kolom wajib tidak ada di baris judul: { $columns }. Tambahkan kolom itu dengan nama persis seperti tertulis.
problem-missing-column = Kolom wajib ini tidak ada di baris judul. Tambahkan kolom itu dengan nama persis seperti tertulis.
problem-unknown-column = Kolom ini tidak dikenal. { $file } hanya memuat kolom: { $columns } (nama harus persis dan berhuruf kecil).
problem-value-without-column = Ada isian di bawah kolom yang tidak bernama. Beri nama kolomnya atau hapus isiannya.
problem-row-width = Baris ini berisi { $cells } kolom, padahal baris judul berisi { $header } kolom. Periksa koma atau tanda kutip yang berlebih atau kurang.
problem-number-too-long = Angka ini terlalu panjang untuk disimpan Excel sebagai angka (angka-angka terakhirnya bisa berubah). Format kolomnya sebagai Teks, lalu ketik ulang.
problem-cell-not-a-date = Isi sel ini bukan tanggal yang sah.
problem-cell-error = Sel ini berisi galat rumus ({ $detail }). Perbaiki rumusnya atau ketik nilainya langsung.
problem-more-problems = Masih ada { $count } masalah lain yang tidak ditampilkan. Perbaiki masalah di atas, lalu impor lagi.

## Isian

problem-required = Wajib diisi.
problem-required-as = Wajib diisi, ditulis seperti { $example }.
problem-not-a-date = Bukan tanggal yang sah. Tulis tahun-bulan-tanggal, misalnya 2019-08-17.
problem-not-a-month = Bukan bulan yang sah. Tulis tahun-bulan, misalnya 2024-05.
problem-not-a-whole-number = Bukan bilangan bulat. Tulis angka saja, misalnya 0, 1, 2.
problem-whole-number-range = Tulis bilangan bulat dari { $min } sampai { $max }.
problem-not-a-number = Bukan angka. Tulis angka saja, misalnya 12 atau 12,5.
problem-negative = Tidak boleh kurang dari 0: jumlah dimulai dari 0.
problem-too-large = Angka ini terlalu besar.
problem-small-number = Tulis nomor 1 sampai 3 angka (misalnya 4 atau 004), atau kosongkan.
problem-text-length = Panjangnya harus { $min } sampai { $max } huruf.
problem-year-range = Tulis tahun dari { NUMBER($min, useGrouping: "false") } sampai { NUMBER($max, useGrouping: "false") }.
problem-date-in-future = Tanggal { $date } belum tiba: tidak boleh setelah hari ini ({ $today }).
problem-date-too-early = Tanggal { $date } terlalu awal: tidak boleh sebelum tahun { NUMBER($year, useGrouping: "false") }.
problem-month-in-future = Bulan { $month } belum tiba: tidak boleh setelah bulan ini.
problem-month-too-early = Bulan { $month } terlalu awal: tidak boleh sebelum tahun { NUMBER($year, useGrouping: "false") }.
problem-choose-one = Pilih salah satu.
problem-choose-at-least-one = Pilih paling sedikit satu.
problem-unknown-choice = "{ $given }" bukan salah satu pilihan.
problem-not-one-of = "{ $given }" tidak dikenal. Tulis salah satu dari: { $choices } (pisahkan dengan ; bila lebih dari satu).
problem-empty-item = Isian ke-{ $n } kosong. Isi atau hapus isian itu.
problem-not-a-bit = Tulis 1 (ya) atau 0 (tidak).
problem-bit-required = Wajib diisi: 1 (ya) atau 0 (tidak).
problem-not-degrees = Bukan angka derajat. Tulis derajat desimal dengan titik, misalnya -3.7956.
problem-decimal-comma = Di berkas ini derajat ditulis dengan titik desimal, bukan koma: misalnya -3.7956.
problem-coordinate-half = { $given ->
        [lat] Lintang diisi tanpa bujur: isi keduanya atau kosongkan keduanya.
       *[lng] Bujur diisi tanpa lintang: isi keduanya atau kosongkan keduanya.
    }
problem-coordinate-range = { $axis ->
        [lat] Lintang { $value } di luar batas: harus antara −{ $limit } dan { $limit } derajat.
       *[lng] Bujur { $value } di luar batas: harus antara −{ $limit } dan { $limit } derajat.
    }

## PK: keluarga dan anggota

problem-family-id-shape = ID keluarga harus 1 sampai 40 karakter: huruf, angka, tanda hubung (-), garis bawah (_) atau titik (.), tanpa spasi.
problem-village-code-shape = Bukan kode desa/kelurahan. Tulis seperti 17.01.01.2001 atau 1701012001.
problem-not-a-village-code = Ini bukan kode desa/kelurahan: kode desa/kelurahan terdiri atas 4 bagian (10 angka), misalnya 17.01.01.2001.
problem-village-not-in-table = Desa/kelurahan { $code } tidak ada dalam tabel wilayah. Periksa kodenya.
problem-code-not-allowed = Tulis salah satu kode: { $codes }{ $optional ->
        [yes] ; atau kosongkan.
       *[no] .
    }
problem-nik-length = NIK harus 16 angka; yang tertulis { $len } angka.
problem-nik-not-digits = NIK harus 16 angka, tanpa huruf, spasi atau tanda baca.
problem-nik-province = Dua angka pertama NIK bukan kode provinsi. Periksa NIK pada KTP atau Kartu Keluarga.
problem-nik-birth-date = Angka ke-7 sampai ke-12 NIK bukan tanggal lahir (HHBBTT; untuk perempuan tanggalnya ditambah 40). Periksa NIK pada KTP atau Kartu Keluarga.
problem-nik-sex = NIK ini milik { $nik_sex ->
        [1] laki-laki
       *[2] perempuan
    }, tetapi jenis kelamin anggota tertulis { $given_sex ->
        [1] laki-laki
       *[2] perempuan
    }. Periksa NIK atau jenis kelaminnya.
problem-nik-date-mismatch = Tanggal lahir dalam NIK (angka ke-7 sampai ke-12) tidak sama dengan tanggal lahir anggota. Periksa NIK atau tanggal lahirnya.
problem-kk-length = Nomor KK harus 16 angka; yang tertulis { $len } angka.
problem-kk-not-digits = Nomor KK harus 16 angka, tanpa huruf, spasi atau tanda baca.
problem-kk-province = Dua angka pertama nomor KK bukan kode provinsi. Periksa nomor pada Kartu Keluarga.
problem-nik-repeated = NIK ini sudah dipakai di baris { NUMBER($first_row, useGrouping: "false") }: satu NIK hanya boleh muncul sekali dalam satu putaran pendataan.
problem-nik-registered = NIK ini sudah terdaftar pada putaran { NUMBER($year, useGrouping: "false") } untuk keluarga { $family } di desa { $village }: satu NIK hanya boleh muncul sekali dalam satu putaran.
problem-duplicate-family-id = ID keluarga ini sudah dipakai di baris { NUMBER($first_row, useGrouping: "false") }: setiap keluarga perlu ID sendiri.
problem-unknown-family = Tidak ada keluarga dengan ID ini di { $file }. Periksa ID keluarganya.
problem-member-no-taken = { $first_row ->
        [0] Nomor anggota { $no } sudah dipakai dalam keluarga ini.
       *[other] Nomor anggota { $no } sudah dipakai dalam keluarga ini di baris { NUMBER($first_row, useGrouping: "false") }.
    } Beri setiap anggota nomor sendiri.
problem-second-head = Keluarga ini sudah punya kepala keluarga (hubungan 1): setiap keluarga punya tepat satu kepala keluarga.
problem-no-head = Keluarga ini tidak punya anggota dengan hubungan 1 (kepala keluarga) di { $file }: setiap keluarga punya tepat satu kepala keluarga.
problem-no-family-file = Berkas keluarga tidak terbaca.
problem-village-outside-your-region = Desa ini di luar wilayah Anda: Anda hanya dapat mengunggah keluarga di wilayah Anda sendiri.
problem-upload-both = Pilih dua berkas CSV atau satu buku kerja, jangan keduanya.
problem-not-xlsx = Buku kerja ini bukan berkas .xlsx.
problem-upload-choose-pk = Pilih keluarga.csv dan anggota.csv, atau satu buku kerja .xlsx.

## Registri Kampung KB

problem-decree-incomplete = SK perlu nomor, tanggal dan jenis regulasinya: isi ketiganya atau kosongkan ketiganya.
problem-kampung-repeated = Kampung KB desa ini sudah ada di { $file } baris { NUMBER($row, useGrouping: "false") }: satu baris untuk setiap desa.
problem-report-repeated = Laporan desa ini untuk bulan { $month } sudah ada di { $file } baris { NUMBER($row, useGrouping: "false") }: satu baris untuk setiap desa dan bulan.
problem-no-kampung = Desa { $village } belum punya Kampung KB. Tambahkan barisnya di kampung.csv (pada impor ini atau sebelumnya).
problem-month-already-reported = Laporan bulan { $month } sudah ada. Impor lagi dengan pilihan "ganti laporan" untuk menggantinya.
problem-kampung-exists = Desa ini sudah punya Kampung KB. Ubah data Kampung KB yang ada.
problem-village-outside-page-region = Desa ini di luar { $region } ({ $code }): halaman ini hanya mengimpor Kampung KB di wilayahnya sendiri.
problem-upload-choose-registry = Pilih kampung.csv, laporan.csv atau buku kerja .xlsx.
problem-without-pokja = Pokja belum dibentuk: kosongkan isian ini, atau centang dulu "Pokja sudah dibentuk".
problem-more-users-than-pus = Peserta KB semua metode tidak boleh lebih dari PUS: tertulis { $users } peserta KB dan { $pus } PUS. Periksa jumlah peserta per metode dan jumlah PUS.
problem-more-not-using-than-pus = PUS bukan peserta KB tidak boleh lebih dari PUS: tertulis { $not_using } PUS bukan peserta KB dan { $pus } PUS. Periksa jumlahnya.
problem-users-and-not-using-over-pus = Peserta KB ditambah PUS bukan peserta KB tidak boleh lebih dari PUS: { $users } + { $not_using } = { $total }, lebih banyak daripada { $pus } PUS. Periksa jumlahnya.
problem-more-than-families = { $count } lebih banyak daripada jumlah keluarga ({ $families }).
problem-remaja-fewer-than-families = { $remaja } remaja tidak mungkin tinggal di { $families } keluarga dengan remaja: jumlah remaja paling sedikit sama dengan jumlah keluarga dengan remaja.
problem-remaja-without-families = Ada remaja, tetapi tidak ada keluarga dengan remaja.
problem-document-no-name = Berkas ini tidak bernama.
problem-document-empty = Berkas ini kosong.
problem-document-too-large = Berkas ini { $bytes } bita; paling besar 5 MiB ({ $max } bita) yang diterima.
problem-document-type = Berkas ini bukan PNG, JPEG atau PDF: hanya jenis itu yang diterima.
problem-document-type-mismatch = Berkas ini dinyatakan sebagai { $declared }, tetapi isinya { $actual }.
problem-plan-item-not-here = Pilih kegiatan rencana aksi yang menjangkau desa ini.

## Rencana aksi

problem-not-province-or-regency = Rencana aksi dibuat untuk provinsi atau kabupaten/kota.
problem-coordinator-outside-region = Koordinator harus instansi di wilayah rencana ini.
problem-unknown-matrix-activity = "{ $activity }" bukan kegiatan dalam matriks Inpres 3/2022.
problem-activity-area-mismatch = Kegiatan { $activity } termasuk sasaran program { $area }, bukan { $given }.
problem-unknown-variable = "{ $variable }" bukan variabel iBangga.
problem-unknown-agency = "{ $agency }" bukan instansi yang dikenal.
problem-agency-of-other-region = { $agency } adalah instansi wilayah lain.
problem-responsible-also-supporting = Instansi penanggung jawab tidak perlu dicantumkan lagi sebagai instansi pendukung.
problem-not-a-region-code = "{ $value }" bukan kode wilayah. Tulis seperti 17.01.01.2001.
problem-village-outside-plan-region = Desa { $village } di luar wilayah rencana ini ({ $region }).
problem-start-outside-plan-year = Bulan mulai { $start } di luar tahun rencana ({ NUMBER($year, useGrouping: "false") }).
problem-end-before-start = Bulan selesai { $end } lebih awal daripada bulan mulai { $start }.
problem-end-too-late = Bulan selesai { $end } lebih dari setahun sesudah tahun rencana ({ NUMBER($year, useGrouping: "false") }).
problem-negative-amount = Tidak boleh kurang dari 0: tulis 0 rupiah atau lebih.
problem-not-rupiah = Bukan jumlah rupiah. Tulis angka saja, misalnya 1.500.000.
problem-not-whole-rupiah = Bukan jumlah rupiah bulat. Tulis tanpa sen, misalnya 1.500.000.
problem-budget-required = Tulis anggarannya dalam rupiah (tulis 0 bila tidak ada).
problem-target-not-non-negative = Target harus angka, 0 atau lebih.
problem-before-item-start = Tanggal { $date } lebih awal daripada mulainya kegiatan ({ $start }).
problem-percent-over-100 = Tidak boleh lebih dari 100 %.
problem-spent-over-budget = Realisasi Rp { $spent } melebihi anggaran Rp { $budget }. Ubah dulu anggaran kegiatannya.
problem-done-not-full = Kegiatan yang selesai capaiannya 100 %.

## JSON: masukan klasifikasi dan API

# Apa yang ditemukan di tempat itu ($found: null, bool, number, text, list, object; $shown: nilainya).
json-found = { $found ->
        [null] null
        [bool] { $shown }
        [number] angka { $shown }
        [text] teks "{ $shown }"
        [list] sebuah daftar
       *[object] sebuah objek
    }
# Nama kosakata ($vocabulary).
json-vocabulary = { $vocabulary ->
        [funding_source] sumber dana
        [program] program
        [facility] sarana
        [data_source] sumber data
       *[operation] mekanisme operasional
    }
problem-inputs-not-object = Masukan harus berupa objek JSON, tetapi yang ditemukan { json-found }.
problem-unknown-field = Isian ini tidak dikenal; yang dikenal: { $allowed }.
problem-missing-field = Isian ini tidak ada.
problem-expected-object = Seharusnya objek JSON, tetapi yang ditemukan { json-found }.
problem-expected-object-or-null = Seharusnya objek JSON atau null, tetapi yang ditemukan { json-found }.
problem-expected-bool = Seharusnya true atau false, tetapi yang ditemukan { json-found }.
problem-expected-whole-number = Seharusnya bilangan bulat, tetapi yang ditemukan { json-found }.
problem-json-negative = { $value } negatif: jumlah adalah bilangan bulat 0 atau lebih.
problem-json-not-whole = { $value } bukan bilangan bulat.
problem-json-too-large = { $value } terlalu besar: jumlah paling besar { $max }.
problem-json-not-plain-whole = { $value } tidak ditulis sebagai bilangan bulat (tanpa titik desimal atau eksponen).
problem-unknown-id = Kode { json-vocabulary } "{ $given }" tidak dikenal; gunakan salah satu dari: { $choices }.
problem-expected-id = Seharusnya kode { json-vocabulary }, tetapi yang ditemukan { json-found }; gunakan salah satu dari: { $choices }.
problem-expected-id-list = Seharusnya daftar kode { json-vocabulary }, tetapi yang ditemukan { json-found }.
problem-body-not-object = Isi permintaan harus berupa objek JSON.
problem-body-not-json = Isi permintaan bukan JSON ({ $detail }).
problem-body-invalid = Isi permintaan tidak sesuai ({ $detail }).
problem-not-the-urls = Nilai ini berbeda dengan yang ada di alamat (URL): { $url }.
problem-model-flags-role = Status Kampung KB percontohan hanya dapat diubah oleh petugas kecamatan dan kabupaten/kota.
## Refusals of the store (conflicts)

problem-family-exists = Nomor keluarga { $family } sudah dipakai di desa ini untuk pendataan tahun ini. Periksa nomornya, atau buka keluarga itu lalu ubah datanya di sana.
problem-family-changed = Keluarga ini sudah diubah orang lain sejak Anda membukanya. Buka lagi halamannya, lalu ulangi perubahan Anda.
problem-family-gone = Keluarga ini sudah dihapus orang lain sejak Anda membukanya. Buka lagi daftar keluarga untuk melihat keadaannya sekarang.
problem-form-version-missing = Formulir ini tidak lengkap (mungkin halamannya sudah lama terbuka). Buka lagi halamannya, lalu ulangi perubahan Anda.
problem-plan-changed = Rencana ini sudah diubah orang lain sejak Anda membukanya. Buka lagi halamannya, lalu ulangi perubahan Anda.
problem-plan-exists = Wilayah { $region } sudah punya rencana aksi untuk tahun { NUMBER($year, useGrouping: "false") }. Buka rencana itu dan ubah di sana.
problem-plan-without-items = Rencana tanpa kegiatan belum bisa diajukan. Tambahkan dulu paling sedikit satu kegiatan.
problem-plan-not-editable = { $approved ->
        [yes] Rencana ini sudah disetujui, jadi kegiatannya tidak bisa diubah. Minta koordinator membuka kembali rencana ini.
       *[no] Rencana ini sudah diajukan, jadi kegiatannya tidak bisa diubah. Tunggu koordinator mengembalikannya kepada Anda.
    }
problem-plan-not-approved = Kemajuan hanya dapat dilaporkan untuk rencana yang sudah disetujui.
problem-item-has-progress = Kegiatan ini sudah punya laporan kemajuan, jadi tidak bisa dihapus. Ubah statusnya menjadi dibatalkan.
problem-profile-exists = Kampung KB ini sudah punya profil yang berlaku sejak { $from }. Profil disimpan sebagai riwayat: simpan perubahan sebagai profil baru dengan tanggal berlaku yang lebih baru.
problem-report-exists = Laporan bulan { $month } sudah ada. Buka laporan bulan itu untuk memperbaikinya.
problem-username-taken = Nama pengguna { $username } sudah dipakai. Pilih nama pengguna lain.

problem-conflict = { $message }

## Workbooks refused before reading, rounds, NIKs outside the writer's region
problem-workbook-not-zip = Berkas ini bukan buku kerja .xlsx yang dapat dibaca (bukan arsip ZIP): simpan sebagai "Excel Workbook (.xlsx)" atau unggah CSV.
problem-workbook-damaged = Buku kerja ini tidak dapat dibaca ({ $detail }): buka di program lembar kerja dan simpan lagi sebagai .xlsx, atau unggah CSV.
problem-workbook-entries = Buku kerja ini berisi { $value } bagian; paling banyak { $max } yang dibaca: simpan lagi sebagai .xlsx biasa atau unggah CSV.
problem-workbook-part-bytes = Bagian { $part } buku kerja ini mengembang melebihi { $max } byte saat dibuka: bagi berkas menjadi beberapa atau unggah CSV.
problem-workbook-lying = Bagian { $part } buku kerja ini lebih besar daripada ukuran yang dinyatakannya (berkas rusak atau dibuat untuk menyesatkan): simpan lagi dari program lembar kerja atau unggah CSV.
problem-workbook-total-bytes = Buku kerja ini mengembang melebihi { $max } byte saat dibuka: bagi berkas menjadi beberapa atau unggah CSV.
problem-workbook-sheets = Buku kerja ini memiliki { $value } lembar; paling banyak { $max } yang dibaca: hapus lembar yang tidak diperlukan atau unggah CSV.
problem-workbook-strings = Buku kerja ini berisi lebih dari { $max } teks berbeda: bagi berkas menjadi beberapa atau unggah CSV.
problem-workbook-styles = Buku kerja ini berisi lebih dari { $max } catatan format: salin datanya ke buku kerja baru atau unggah CSV.
problem-workbook-dimension = Lembar { $sheet } menyatakan rentang { $range }, melebihi { $rows } baris dan { $columns } kolom: hapus baris dan kolom kosong setelah data, bagi berkas, atau unggah CSV.
problem-workbook-cell-place = Lembar { $sheet } memiliki sel di { $cell }, melebihi { $rows } baris dan { $columns } kolom: hapus isi setelah data, bagi berkas, atau unggah CSV.
problem-workbook-cells = Lembar { $sheet } berisi lebih dari { $max } sel: bagi berkas menjadi beberapa atau unggah CSV.
problem-workbook-cells-book = Buku kerja ini berisi lebih dari { $max } sel: bagi berkas menjadi beberapa atau unggah CSV.
problem-workbook-token = Bagian { $part } buku kerja ini berisi teks atau tag yang lebih panjang dari { $max } byte: persingkat atau unggah CSV.
problem-workbook-unordered = Baris-baris lembar { $sheet } tidak berurutan: buka di program lembar kerja dan simpan lagi, atau unggah CSV.
problem-round-not-open = Tidak ada putaran { NUMBER($year, useGrouping: "false") }: minta provinsi membukanya.
problem-nik-registered-elsewhere = NIK ini sudah terdaftar di putaran { NUMBER($year, useGrouping: "false") } pada keluarga di luar wilayah Anda: minta dinas KB kabupaten/kota atau provinsi memeriksa kedua data.
