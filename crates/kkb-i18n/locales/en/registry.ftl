### The Kampung KB registry and the action plans: the labels of the columns of kampung.csv and laporan.csv, and
### the words of every vocabulary value (kkb_domain::kampung, kkb_domain::planning). Message id = the
### vocabulary's prefix + "-" + its JSON id.

## Columns of kampung.csv and laporan.csv

registry-column-village_code = Village code
registry-column-name = Kampung KB name
registry-column-launch_date = Launch date
registry-column-decree_number = Decree number
registry-column-decree_date = Decree date
registry-column-regulation_type = Issued as
registry-column-rws = RWs/dusun covered
registry-column-description = Description
registry-column-lat = Latitude
registry-column-lng = Longitude
registry-column-criteria_utama = Main criteria
registry-column-criteria_wilayah = Area criteria
registry-column-criteria_khusus = Special criteria
registry-column-active = Active
registry-column-model_kabupaten = Model Kampung of the regency/city
registry-column-model_provinsi = Model Kampung of the province
registry-column-month = Month
registry-column-pus = PUS

## Founding regulation

regulation-type-sk_kepala_desa = Village head's decree
regulation-type-sk_camat = Camat's decree
regulation-type-sk_bupati = Regent's or mayor's decree
regulation-type-perdes = Village regulation
regulation-type-other = Other

## Selection criteria

main-criterion-keluarga_miskin_tinggi = Poor families above the village average
main-criterion-kesertaan_kb_rendah = KB participation below the village achievement
area-criterion-kumuh = Slum
area-criterion-pesisir_nelayan = Coastal or fishing community
area-criterion-das = River basin
area-criterion-bantaran_kereta_api = Along a railway
area-criterion-kawasan_miskin = Poor urban area
area-criterion-terpencil = Remote
area-criterion-perbatasan = Border area
area-criterion-kawasan_industri = Industrial area
area-criterion-kawasan_wisata = Tourist area
area-criterion-padat_penduduk = Densely populated
special-criterion-data_peta_keluarga = Every RT/RW has family data and a map
special-criterion-partisipasi_sekolah_rendah = Low school participation
special-criterion-kb_mkjp_rendah = Active KB and MKJP users below the village average
special-criterion-partisipasi_masyarakat_rendah = Low community participation
special-criterion-capaian_sektor_rendah = Low achievement of related sectors

## The eight family functions (Pokja sections)

family-function-agama = Religion
family-function-sosial_budaya = Social and cultural
family-function-cinta_kasih = Love and affection
family-function-perlindungan = Protection
family-function-reproduksi = Reproduction
family-function-sosialisasi_pendidikan = Socialisation and education
family-function-ekonomi = Economy
family-function-lingkungan = Environment

## Resources and operational mechanisms

funding-source-apbn = State budget (APBN)
funding-source-apbd = Regional budget (APBD)
funding-source-dana_desa = Village fund
funding-source-swadaya = Community funds
funding-source-csr = Corporate (CSR)
funding-source-hibah = Grants and donations
program-bkb = BKB (toddler families)
program-bkr = BKR (teenager families)
program-bkl = BKL (elderly families)
program-uppka = UPPKA (acceptors' income groups)
program-pik_r = PIK-R (youth information centre)
program-pelayanan_kb_kr = KB and reproductive-health services
program-kependudukan = Population administration
program-sektor_lain = Other sectors
facility-sekretariat = Kampung KB secretariat
facility-rumah_dataku = Rumah DataKu (data house)
data-source-pk = PK and its updates
data-source-data_rutin = BKKBN routine data
data-source-potensi_desa = Village potential data
data-source-data_sektoral = Sectoral data
data-source-lainnya = Other
operation-rapat_perencanaan = Planning meeting
operation-rapat_koordinasi = Cross-agency coordination meeting
operation-sosialisasi = Socialisation
operation-monev = Monitoring and evaluation
operation-laporan = Reporting
frequency-mingguan = Weekly
frequency-bulanan = Monthly
frequency-triwulan = Quarterly
frequency-semesteran = Every six months
frequency-tahunan = Yearly
frequency-lainnya = Other

## The monthly report: contraceptive methods and why PUS use none

kb-method-mow = Female sterilisation (MOW)
kb-method-mop = Male sterilisation (MOP)
kb-method-iud = IUD
kb-method-implan = Implant
kb-method-suntik = Injectable
kb-method-pil = Pill
kb-method-kondom = Condom
not-using-hamil = Pregnant
not-using-ingin_anak_segera = Want a child soon
not-using-iat = Want a child later (IAT)
not-using-tial = Want no more children (TIAL)

## Activities

target-seluruh_penduduk = Whole population
target-pus = Couples of reproductive age (PUS)
target-remaja = Teenagers
target-lansia = Elderly
target-balita = Toddlers
target-keluarga_balita = Families with toddlers
target-keluarga_remaja = Families with teenagers
target-keluarga_lansia = Families with elderly
target-ibu_hamil = Pregnant women
target-calon_pengantin = Brides and grooms to be
target-lainnya = Other
inpres-area-1 = Family data and population documents
inpres-area-2 = Behaviour change
inpres-area-3 = Services and referral
inpres-area-4 = The family's environment

## Kampung KB classes

class-dasar = Basic
class-berkembang = Developing
class-mandiri = Self-reliant
class-berkelanjutan = Sustainable

## Action plans

budget-source-apbn = State budget (APBN)
budget-source-apbd_provinsi = Provincial budget (APBD)
budget-source-apbd_kabupaten = Kabupaten/kota budget (APBD)
budget-source-dana_desa = Village fund (Dana Desa)
budget-source-csr = Corporate (CSR)
budget-source-swadaya = Community funds
plan-status-draft = Draft
plan-status-submitted = Submitted
plan-status-approved = Approved
item-status-planned = Planned
item-status-in_progress = In progress
item-status-done = Done
item-status-stalled = Stalled
item-status-cancelled = Cancelled

## Kampung KB classification: indicator names (by their id in the classification rule) and the advice towards the
## next class (kkb_domain::classification::Need).

kampung-index-input = input
kampung-index-proses = process
kampung-index-output = output
kampung-indicator-input_pokja = Kampung KB working group (Pokja)
kampung-indicator-input_sumber_dana = Funding sources
kampung-indicator-input_poktan = Activity group programmes (poktan)
kampung-indicator-input_sarana = Facilities
kampung-indicator-input_pkb = PKB/PLKB officer and regulation
kampung-indicator-proses_penggunaan_data = Use of data
kampung-indicator-proses_operasional = Operational mechanisms
kampung-indicator-proses_lintas_sektor = Cross-sector agencies involved
kampung-indicator-output_poktan = Family participation in the poktan
kampung-indicator-output_cpr = Contraceptive use (CPR)
kampung-indicator-output_mkjp = Long-acting methods (MKJP)
kampung-indicator-output_unmet = Unmet need for family planning
# $index: the index's name; $now, $after: the index now and after; $steps: the steps.
kampung-need = To raise the { $index } index from { $now } to { $after } (high), for example: { $steps }.
kampung-need-step = { $indicator } from score { $from } to score { $to } (now { $now }; needed { $needed })
kampung-need-and = {" "}and{" "}
kampung-need-report = a monthly report with { $needed }
kampung-value-no-report = no monthly report
kampung-value-pokja = a Pokja with { $members ->
        [0] no members
        [one] one member
       *[other] { $members } members
    }, { $trained ->
        [yes] trained
       *[no] not trained
    }
kampung-value-officer = { $pkb ->
        [yes] a PKB/PLKB officer
       *[no] no PKB/PLKB officer
    } and { $regulation ->
        [yes] a regulation
       *[no] no regulation
    }
kampung-level-pokja-0 = no Pokja
kampung-level-pokja-1 = a Pokja without members or training
kampung-level-pokja-2 = a Pokja with members or training
kampung-level-pokja-3 = a Pokja with members and training
kampung-level-officer-0 = neither a PKB/PLKB officer nor a regulation
kampung-level-officer-1 = a PKB/PLKB officer or a regulation
kampung-level-officer-2 = both a PKB/PLKB officer and a regulation
kampung-level-or = {" "}or{" "}
kampung-range-at-most = at most { $n }
kampung-range-below = below { $n }
kampung-range-between = { $lo } to { $hi }
kampung-range-at-least = { $n } or more
kampung-range-any = any value
kampung-range-above = above { $n }
