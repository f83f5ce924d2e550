### Registri Kampung KB dan rencana aksi: label kolom kampung.csv dan laporan.csv, dan kata untuk setiap nilai
### kosakata (kkb_domain::kampung, kkb_domain::planning). Nama pesan = awalan kosakata + "-" + kode JSON-nya.

## Kolom kampung.csv dan laporan.csv

registry-column-village_code = Kode desa/kelurahan
registry-column-name = Nama Kampung KB
registry-column-launch_date = Tanggal pencanangan
registry-column-decree_number = Nomor SK
registry-column-decree_date = Tanggal SK
registry-column-regulation_type = Jenis regulasi
registry-column-rws = RW/dusun yang dicakup
registry-column-description = Gambaran umum
registry-column-lat = Lintang
registry-column-lng = Bujur
registry-column-criteria_utama = Kriteria utama
registry-column-criteria_wilayah = Kriteria wilayah
registry-column-criteria_khusus = Kriteria khusus
registry-column-active = Aktif
registry-column-model_kabupaten = Kampung KB percontohan kabupaten/kota
registry-column-model_provinsi = Kampung KB percontohan provinsi
registry-column-month = Bulan
registry-column-pus = PUS

## Jenis regulasi pembentukan

regulation-type-sk_kepala_desa = SK Kepala Desa/Lurah
regulation-type-sk_camat = SK Camat
regulation-type-sk_bupati = SK Bupati/Wali Kota
regulation-type-perdes = Peraturan Desa
regulation-type-other = Lainnya

## Kriteria pemilihan wilayah

main-criterion-keluarga_miskin_tinggi = Keluarga miskin di atas rata-rata desa
main-criterion-kesertaan_kb_rendah = Kesertaan KB di bawah capaian desa
area-criterion-kumuh = Kumuh
area-criterion-pesisir_nelayan = Pesisir/nelayan
area-criterion-das = Daerah aliran sungai
area-criterion-bantaran_kereta_api = Bantaran kereta api
area-criterion-kawasan_miskin = Kawasan miskin perkotaan
area-criterion-terpencil = Terpencil
area-criterion-perbatasan = Perbatasan
area-criterion-kawasan_industri = Kawasan industri
area-criterion-kawasan_wisata = Kawasan wisata
area-criterion-padat_penduduk = Padat penduduk
special-criterion-data_peta_keluarga = Setiap RT/RW memiliki data dan peta keluarga
special-criterion-partisipasi_sekolah_rendah = Partisipasi sekolah rendah
special-criterion-kb_mkjp_rendah = Peserta KB aktif dan MKJP di bawah rata-rata desa
special-criterion-partisipasi_masyarakat_rendah = Partisipasi masyarakat rendah
special-criterion-capaian_sektor_rendah = Capaian sektor terkait rendah

## Delapan fungsi keluarga (seksi Pokja)

family-function-agama = Agama
family-function-sosial_budaya = Sosial budaya
family-function-cinta_kasih = Cinta kasih
family-function-perlindungan = Perlindungan
family-function-reproduksi = Reproduksi
family-function-sosialisasi_pendidikan = Sosialisasi dan pendidikan
family-function-ekonomi = Ekonomi
family-function-lingkungan = Pembinaan lingkungan

## Sumber daya dan mekanisme operasional

funding-source-apbn = APBN
funding-source-apbd = APBD
funding-source-dana_desa = Dana Desa
funding-source-swadaya = Swadaya masyarakat
funding-source-csr = CSR
funding-source-hibah = Hibah/donasi
program-bkb = BKB (Bina Keluarga Balita)
program-bkr = BKR (Bina Keluarga Remaja)
program-bkl = BKL (Bina Keluarga Lansia)
program-uppka = UPPKA (usaha ekonomi akseptor)
program-pik_r = PIK-R (pusat informasi remaja)
program-pelayanan_kb_kr = Pelayanan KB-KR
program-kependudukan = Administrasi kependudukan
program-sektor_lain = Sektor lain
facility-sekretariat = Sekretariat Kampung KB
facility-rumah_dataku = Rumah DataKu
data-source-pk = PK dan pemutakhirannya
data-source-data_rutin = Data rutin BKKBN
data-source-potensi_desa = Potensi Desa
data-source-data_sektoral = Data sektoral
data-source-lainnya = Lainnya
operation-rapat_perencanaan = Rapat perencanaan
operation-rapat_koordinasi = Rapat koordinasi lintas instansi
operation-sosialisasi = Sosialisasi
operation-monev = Monitoring dan evaluasi
operation-laporan = Penyusunan laporan
frequency-mingguan = Mingguan
frequency-bulanan = Bulanan
frequency-triwulan = Triwulanan
frequency-semesteran = Semesteran
frequency-tahunan = Tahunan
frequency-lainnya = Lainnya

## Laporan bulanan: metode kontrasepsi dan alasan PUS tidak ber-KB

kb-method-mow = MOW (steril wanita)
kb-method-mop = MOP (steril pria)
kb-method-iud = IUD
kb-method-implan = Implan
kb-method-suntik = Suntik
kb-method-pil = Pil
kb-method-kondom = Kondom
not-using-hamil = Hamil
not-using-ingin_anak_segera = Ingin anak segera
not-using-iat = Ingin anak ditunda (IAT)
not-using-tial = Tidak ingin anak lagi (TIAL)

## Kegiatan

target-seluruh_penduduk = Seluruh penduduk
target-pus = PUS
target-remaja = Remaja
target-lansia = Lansia
target-balita = Balita
target-keluarga_balita = Keluarga dengan balita
target-keluarga_remaja = Keluarga dengan remaja
target-keluarga_lansia = Keluarga dengan lansia
target-ibu_hamil = Ibu hamil
target-calon_pengantin = Calon pengantin
target-lainnya = Lainnya
inpres-area-1 = Penyediaan data dan dokumen kependudukan
inpres-area-2 = Perubahan perilaku
inpres-area-3 = Cakupan layanan dan rujukan
inpres-area-4 = Penataan lingkungan keluarga

## Kelas Kampung KB

class-dasar = Dasar
class-berkembang = Berkembang
class-mandiri = Mandiri
class-berkelanjutan = Berkelanjutan

## Rencana aksi

budget-source-apbn = APBN
budget-source-apbd_provinsi = APBD provinsi
budget-source-apbd_kabupaten = APBD kabupaten/kota
budget-source-dana_desa = Dana Desa
budget-source-csr = CSR
budget-source-swadaya = Swadaya masyarakat
plan-status-draft = Draf
plan-status-submitted = Diajukan
plan-status-approved = Disetujui
item-status-planned = Direncanakan
item-status-in_progress = Berjalan
item-status-done = Selesai
item-status-stalled = Terhenti
item-status-cancelled = Dibatalkan

## Klasifikasi Kampung KB: nama indikator (menurut id-nya di aturan klasifikasi) dan saran menuju kelas
## berikutnya (kkb_domain::classification::Need).

kampung-index-input = input
kampung-index-proses = proses
kampung-index-output = output
kampung-indicator-input_pokja = Pokja (kelompok kerja) Kampung KB
kampung-indicator-input_sumber_dana = Sumber dana
kampung-indicator-input_poktan = Program kelompok kegiatan (poktan)
kampung-indicator-input_sarana = Sarana dan prasarana
kampung-indicator-input_pkb = Petugas PKB/PLKB dan regulasi
kampung-indicator-proses_penggunaan_data = Penggunaan data
kampung-indicator-proses_operasional = Mekanisme operasional
kampung-indicator-proses_lintas_sektor = Instansi lintas sektor yang terlibat
kampung-indicator-output_poktan = Partisipasi keluarga dalam poktan
kampung-indicator-output_cpr = Kesertaan ber-KB (CPR)
kampung-indicator-output_mkjp = Pemakaian KB jangka panjang (MKJP)
kampung-indicator-output_unmet = Kebutuhan ber-KB yang belum terpenuhi (unmet need)
# $index: nama indeks; $now, $after: nilai indeks sekarang dan sesudahnya; $steps: langkah-langkahnya.
kampung-need = Untuk menaikkan indeks { $index } dari { $now } menjadi { $after } (tinggi), misalnya: { $steps }.
kampung-need-step = { $indicator } naik dari skor { $from } ke skor { $to } (sekarang { $now }; perlu { $needed })
kampung-need-and = {" "}dan{" "}
kampung-need-report = laporan bulanan dengan nilai { $needed }
kampung-value-no-report = belum ada laporan bulanan
kampung-value-pokja = Pokja { $members ->
        [0] tanpa anggota
       *[other] dengan { $members } anggota
    }, { $trained ->
        [yes] sudah dilatih
       *[no] belum dilatih
    }
kampung-value-officer = { $pkb ->
        [yes] ada petugas PKB/PLKB
       *[no] belum ada petugas PKB/PLKB
    } dan { $regulation ->
        [yes] ada regulasi
       *[no] belum ada regulasi
    }
kampung-level-pokja-0 = belum ada Pokja
kampung-level-pokja-1 = Pokja tanpa anggota dan belum dilatih
kampung-level-pokja-2 = Pokja dengan anggota atau sudah dilatih
kampung-level-pokja-3 = Pokja dengan anggota dan sudah dilatih
kampung-level-officer-0 = tanpa petugas PKB/PLKB dan tanpa regulasi
kampung-level-officer-1 = petugas PKB/PLKB atau regulasi
kampung-level-officer-2 = petugas PKB/PLKB dan regulasi
kampung-level-or = {" "}atau{" "}
kampung-range-at-most = paling banyak { $n }
kampung-range-below = di bawah { $n }
kampung-range-between = { $lo } sampai { $hi }
kampung-range-at-least = { $n } atau lebih
kampung-range-above = di atas { $n }
kampung-range-any = berapa pun
