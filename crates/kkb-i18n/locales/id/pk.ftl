### Istilah formulir PK (Pendataan Keluarga): label setiap kolom berkas impor dan arti setiap kode
### (kkb_domain::pk::vocab). Butir yang artinya satu per satu tidak diketahui dari formulir terbitan diberi
### kata, bukan kode: syarat rumah layak huni ke-1 sampai ke-8, konflik keluarga jenis pertama sampai keempat.

## Kolom

pk-column-family-id = ID keluarga
pk-column-village-code = Kode desa/kelurahan
pk-column-pk-year = Tahun pendataan
pk-column-rw = RW
pk-column-rt = RT
pk-column-kk-number = Nomor Kartu Keluarga (KK)
pk-column-p01 = Keluarga menjalankan ibadah
pk-column-p02 = Pasangan memiliki buku/akta nikah
pk-column-p03a = Konflik keluarga jenis pertama dalam setahun terakhir
pk-column-p03b = Konflik keluarga jenis kedua dalam setahun terakhir
pk-column-p03c = Konflik keluarga jenis ketiga dalam setahun terakhir
pk-column-p03d = Konflik keluarga jenis keempat dalam setahun terakhir
pk-column-p04 = Memiliki sumber penghasilan
pk-column-p05 = Makan makanan beragam
pk-column-p19 = Rumah memenuhi syarat rumah layak huni ke-1
pk-column-p20 = Rumah memenuhi syarat rumah layak huni ke-2
pk-column-p21 = Rumah memenuhi syarat rumah layak huni ke-3
pk-column-p22 = Rumah memenuhi syarat rumah layak huni ke-4
pk-column-p23 = Rumah memenuhi syarat rumah layak huni ke-5
pk-column-p24 = Sumber air minum layak (syarat rumah layak huni ke-6)
pk-column-p25 = Jamban layak (syarat rumah layak huni ke-7)
pk-column-p26 = Rumah memenuhi syarat rumah layak huni ke-8
pk-column-savings = Memiliki tabungan
pk-column-sick-treated = Anggota yang sakit dibawa berobat ke fasilitas kesehatan
pk-column-online-media = Mengakses media online/internet
pk-column-daily-interaction = Anggota keluarga berinteraksi setiap hari
pk-column-joint-parenting = Ayah dan ibu mengasuh anak bersama
pk-column-recreation = Rekreasi bersama keluarga
pk-column-social-activity = Ikut kegiatan sosial/gotong royong
pk-column-kb-method = Alat/cara KB yang dipakai PUS
pk-column-kb-reason-not-using = Alasan PUS tidak ber-KB
pk-column-member-no = No. urut
pk-column-name = Nama
pk-column-birth-date = Tanggal lahir
pk-column-nik = NIK
pk-column-sex = Jenis kelamin
pk-column-marital-status = Status perkawinan
pk-column-birth-certificate = Akta kelahiran
pk-column-relation = Hubungan dengan kepala keluarga
pk-column-religion = Agama
pk-column-education = Pendidikan tertinggi
pk-column-in-school = Masih bersekolah
pk-column-health-insurance = Jaminan kesehatan

## Kode

pk-code-yes = Ya
pk-code-no = Tidak
pk-code-sex-1 = Laki-laki
pk-code-sex-2 = Perempuan
pk-code-marital-status-1 = Belum kawin
pk-code-marital-status-2 = Kawin
pk-code-marital-status-3 = Cerai hidup
pk-code-marital-status-4 = Cerai mati
pk-code-birth-certificate-1 = Ada
pk-code-birth-certificate-2 = Tidak ada
pk-code-relation-1 = Kepala keluarga
pk-code-relation-2 = Istri/suami
pk-code-relation-3 = Anak
pk-code-relation-4 = Menantu
pk-code-relation-5 = Cucu
pk-code-relation-6 = Orang tua/mertua
pk-code-relation-7 = Famili lain
pk-code-relation-8 = Lainnya
pk-code-religion-1 = Islam
pk-code-religion-2 = Kristen
pk-code-religion-3 = Katolik
pk-code-religion-4 = Hindu
pk-code-religion-5 = Buddha
pk-code-religion-6 = Konghucu
pk-code-religion-7 = Lainnya
pk-code-education-1 = Tidak/belum sekolah
pk-code-education-2 = Tidak tamat SD
pk-code-education-3 = SD
pk-code-education-4 = SLTP
pk-code-education-5 = SLTA
pk-code-education-6 = D1/D2
pk-code-education-7 = D3
pk-code-education-8 = D4/S1
pk-code-education-9 = S2/S3
pk-code-health-insurance-1 = JKN PBI
pk-code-health-insurance-2 = JKN non-PBI
pk-code-health-insurance-3 = Asuransi lain
pk-code-health-insurance-4 = Tidak punya
pk-code-kb-method-1 = MOW (steril wanita)
pk-code-kb-method-2 = MOP (steril pria)
pk-code-kb-method-3 = IUD
pk-code-kb-method-4 = Implan
pk-code-kb-method-5 = Suntik
pk-code-kb-method-6 = Pil
pk-code-kb-method-7 = Kondom
pk-code-kb-method-8 = MAL (metode amenore laktasi)
pk-code-kb-method-9 = Tradisional
pk-code-kb-reason-1 = Hamil
pk-code-kb-reason-2 = Ingin anak segera
pk-code-kb-reason-3 = Ingin anak nanti (IAT)
pk-code-kb-reason-4 = Tidak ingin anak lagi (TIAL)
pk-code-kb-reason-5 = Lainnya

## Mengapa sebuah variabel iBangga terpenuhi atau tidak bagi satu keluarga (halaman keluarga), dengan jawaban
## keluarga itu sendiri. $column, $field, $first, $last: label kolom; $answer, $yes, $no, $bad, $good, $fail,
## $met: arti kode.

pk-explain-answer = { $column }: { $answer }. Terpenuhi bila { $yes }; tidak terpenuhi bila { $no }; bila kosong, tidak berlaku.
pk-explain-none-of = { $answers }. Tidak terpenuhi bila salah satunya { $bad }.
pk-explain-at-least = { $count } dari { $total } butir ({ $first } sampai { $last }) bernilai { $good }; perlu paling sedikit { $min }.
pk-explain-members = { $field } anggota{ $filter }: { $picked }. Tidak terpenuhi bila ada yang { $fail }.
pk-explain-members-none = tidak ada, jadi tidak berlaku
pk-explain-member = anggota ke-{ $no } { $answer }
pk-explain-age-between = usia { $min }–{ $max } tahun
pk-explain-age-from = usia { $min } tahun ke atas
pk-explain-age-to = usia sampai { $max } tahun
pk-explain-head = { $field } kepala keluarga: { $answer }. Terpenuhi bila { $met }.
pk-explain-or = {" "}atau{" "}
