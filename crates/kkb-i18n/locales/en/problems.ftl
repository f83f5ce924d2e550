### Problems found checking files, forms and data: one message for each code (kkb_domain::problem::Reason).
### The message id is "problem-" + the code (underscores become hyphens).
### Rows and years are written with NUMBER(…, useGrouping: "false") so that they get no thousands separator.

## Files, sheets and rows

problem-file-empty = The file is empty: its first row must hold the column names (the header row).
problem-sheet-empty = The sheet is empty: its first row must hold the column names (the header row).
problem-file-not-utf8 = The file is not UTF-8 text. Save it again from Excel as "CSV UTF-8".
problem-file-not-utf8-at = The file is not UTF-8 text (from byte { $bytes } on). Save it again from Excel as "CSV UTF-8".
problem-cell-not-utf8 = This cell is not UTF-8 text. Save the file again from Excel as "CSV UTF-8".
problem-file-unreadable = The file cannot be read past row { NUMBER($row, useGrouping: "false") } ({ $detail }). Check the quotes on the next row, then save it again as CSV.
problem-sheet-missing = The workbook has no sheet named "{ $sheet }" (it has: { $sheets }). Rename the sheet to "{ $sheet }".
problem-registry-sheets-missing = The workbook has no sheet named "kampung" or "laporan" (it has: { $sheets }). Rename the sheets.
problem-sheet-unreadable = The sheet cannot be read ({ $detail }).
problem-semicolon-header = The columns are separated by semicolons (;). Save the file again from Excel as "CSV UTF-8 (Comma delimited)" so that commas separate them.
problem-unknown-registry-file = This is neither kampung.csv (its header row has the column launch_date) nor laporan.csv (its header row has the column month).
problem-duplicate-column = This column appears twice in the header row. Remove one of them.
problem-missing-columns = Required columns are missing from the header row: { $columns }. Add them, named exactly as written.
problem-missing-column = This required column is missing from the header row. Add it, named exactly as written.
problem-unknown-column = Unknown column. { $file } has only the columns: { $columns } (names are exact and lower-case).
problem-value-without-column = There is a value under a column with no name. Name the column or remove the value.
problem-row-width = This row has { $cells ->
        [one] { $cells } cell
       *[other] { $cells } cells
    } but the header row has { $header }. Look for a comma or quote too many or too few.
problem-number-too-long = This number is too long for Excel to keep as a number (its last digits may change). Format the column as Text, then type it again.
problem-cell-not-a-date = This cell is not a valid date.
problem-cell-error = The cell holds a formula error ({ $detail }). Fix the formula or type the value itself.
problem-more-problems = { $count ->
        [one] One more problem was
       *[other] { $count } more problems were
    } found and not listed. Fix the ones above, then import again.

## Values

problem-required = Required.
problem-required-as = Required, written like { $example }.
problem-not-a-date = Not a valid date. Write year-month-day, for example 2019-08-17.
problem-not-a-month = Not a valid month. Write year-month, for example 2024-05.
problem-not-a-whole-number = Not a whole number. Write digits only, for example 0, 1, 2.
problem-whole-number-range = Write a whole number from { $min } to { $max }.
problem-not-a-number = Not a number. Write digits only, for example 12 or 12.5.
problem-negative = Cannot be below 0: counts start at 0.
problem-too-large = This number is too large.
problem-small-number = Write a number of 1 to 3 digits (for example 4 or 004), or leave it empty.
problem-text-length = It must have { $min } to { $max } characters.
problem-year-range = Write a year from { NUMBER($min, useGrouping: "false") } to { NUMBER($max, useGrouping: "false") }.
problem-date-in-future = { $date } has not come yet: it cannot be after today ({ $today }).
problem-date-too-early = { $date } is too early: it cannot be before { NUMBER($year, useGrouping: "false") }.
problem-month-in-future = { $month } has not come yet: it cannot be after this month.
problem-month-too-early = { $month } is too early: it cannot be before { NUMBER($year, useGrouping: "false") }.
problem-choose-one = Choose one.
problem-choose-at-least-one = Choose at least one.
problem-unknown-choice = "{ $given }" is not one of the choices.
problem-not-one-of = "{ $given }" is not known. Write one of: { $choices } (separated by ; when more than one).
problem-empty-item = Entry { $n } is empty. Fill it in or remove it.
problem-not-a-bit = Write 1 (yes) or 0 (no).
problem-bit-required = Required: 1 (yes) or 0 (no).
problem-not-degrees = Not a number of degrees. Write decimal degrees with a point, for example -3.7956.
problem-decimal-comma = In this file degrees are written with a decimal point, not a comma: for example -3.7956.
problem-coordinate-half = { $given ->
        [lat] The latitude is given without the longitude: give both or neither.
       *[lng] The longitude is given without the latitude: give both or neither.
    }
problem-coordinate-range = { $axis ->
        [lat] Latitude { $value } is out of range: it lies between −{ $limit } and { $limit } degrees.
       *[lng] Longitude { $value } is out of range: it lies between −{ $limit } and { $limit } degrees.
    }

## PK: families and members

problem-family-id-shape = The family id must have 1 to 40 characters: letters, digits, hyphen (-), underscore (_) or full stop (.), without spaces.
problem-village-code-shape = Not a village code. Write it like 17.01.01.2001 or 1701012001.
problem-not-a-village-code = This is not a desa/kelurahan code: a village code has 4 parts (10 digits), for example 17.01.01.2001.
problem-village-not-in-table = There is no desa/kelurahan { $code } in the region table. Check the code.
problem-code-not-allowed = Write one of the codes: { $codes }{ $optional ->
        [yes] ; or leave it empty.
       *[no] .
    }
problem-nik-length = A NIK has 16 digits; this one has { $len }.
problem-nik-not-digits = A NIK has 16 digits, with no letters, spaces or punctuation.
problem-nik-province = The first two digits of the NIK are not a province code. Check the NIK on the identity card or family card.
problem-nik-birth-date = Digits 7 to 12 of the NIK are not a birth date (DDMMYY; for women the day plus 40). Check the NIK on the identity card or family card.
problem-nik-sex = The NIK is a { $nik_sex ->
        [1] man's
       *[2] woman's
    }, but the member's sex is { $given_sex ->
        [1] male
       *[2] female
    }. Check the NIK or the sex.
problem-nik-date-mismatch = The birth date in the NIK (digits 7 to 12) is not the member's birth date. Check the NIK or the birth date.
problem-kk-length = A family card number has 16 digits; this one has { $len }.
problem-kk-not-digits = A family card number has 16 digits, with no letters, spaces or punctuation.
problem-kk-province = The first two digits of the family card number are not a province code. Check the number on the family card.
problem-nik-repeated = This NIK is already used on row { NUMBER($first_row, useGrouping: "false") }: a NIK may appear only once in a census round.
problem-nik-registered = This NIK is already registered in round { NUMBER($year, useGrouping: "false") } for family { $family } of village { $village }: a NIK may appear only once in a round.
problem-duplicate-family-id = This family id is already used on row { NUMBER($first_row, useGrouping: "false") }: each family needs its own id.
problem-unknown-family = There is no family with this id in { $file }. Check the family id.
problem-member-no-taken = { $first_row ->
        [0] Member number { $no } is already used in this family.
       *[other] Member number { $no } is already used in this family on row { NUMBER($first_row, useGrouping: "false") }.
    } Give each member a number of their own.
problem-second-head = This family already has a head (relation 1): each family has exactly one head of family.
problem-no-head = This family has no member with relation 1 (head of family) in { $file }: every family has exactly one head.
problem-no-family-file = No family file was read.
problem-village-outside-your-region = This village is outside your region: you may upload families of your own region only.
problem-upload-both = Give either the two CSV files or one workbook, not both.
problem-not-xlsx = The workbook is not an .xlsx file.
problem-upload-choose-pk = Choose both keluarga.csv and anggota.csv, or one .xlsx workbook.

## The Kampung KB registry

problem-decree-incomplete = A decree needs its number, date and regulation type: give all three or none.
problem-kampung-repeated = This village's Kampung KB is already in { $file } row { NUMBER($row, useGrouping: "false") }: one row per village.
problem-report-repeated = This village's report for { $month } is already in { $file } row { NUMBER($row, useGrouping: "false") }: one row per village and month.
problem-no-kampung = Village { $village } has no Kampung KB. Add its row to kampung.csv (in this import or before).
problem-month-already-reported = The report for { $month } already exists. Import again with "replace reports" to replace it.
problem-kampung-exists = This village already has a Kampung KB. Edit the existing one instead.
problem-village-outside-page-region = This village is outside { $region } ({ $code }): this page imports the Kampung KB of its own region only.
problem-upload-choose-registry = Choose kampung.csv, laporan.csv or an .xlsx workbook.
problem-without-pokja = There is no Pokja yet: leave this empty, or first tick "A Pokja has been formed".
problem-more-users-than-pus = The contraceptive users of all methods cannot be more than the PUS: { $users } users and { $pus } PUS written. Check the users by method and the number of PUS.
problem-more-not-using-than-pus = The PUS not using contraception cannot be more than the PUS: { $not_using } not using and { $pus } PUS written. Check the numbers.
problem-users-and-not-using-over-pus = The contraceptive users plus the PUS not using contraception cannot be more than the PUS: { $users } + { $not_using } = { $total }, more than { $pus } PUS. Check the numbers.
problem-more-than-families = { $count } is more than the number of families ({ $families }).
problem-remaja-fewer-than-families = { $remaja } remaja cannot live in { $families } families with remaja: there are at least as many remaja as families with remaja.
problem-remaja-without-families = There are remaja, but no family with remaja.
problem-document-no-name = The file has no name.
problem-document-empty = The file is empty.
problem-document-too-large = The file has { $bytes } bytes; at most 5 MiB ({ $max } bytes) is accepted.
problem-document-type = The file is not a PNG, JPEG or PDF: only those are accepted.
problem-document-type-mismatch = The file is declared as { $declared } but its content is { $actual }.
problem-plan-item-not-here = Choose an action-plan item that reaches this village.

## Action plans

problem-not-province-or-regency = An action plan is made for a province or a kabupaten/kota.
problem-coordinator-outside-region = The coordinator must be an office of the plan's region.
problem-unknown-matrix-activity = "{ $activity }" is not an activity of the Inpres 3/2022 matrix.
problem-activity-area-mismatch = Activity { $activity } belongs to programme area { $area }, not { $given }.
problem-unknown-variable = "{ $variable }" is not an iBangga variable.
problem-unknown-agency = "{ $agency }" is not a known agency.
problem-agency-of-other-region = { $agency } is an office of another region.
problem-responsible-also-supporting = The responsible agency need not be listed as a supporting one too.
problem-not-a-region-code = "{ $value }" is not a region code. Write it like 17.01.01.2001.
problem-village-outside-plan-region = Village { $village } is outside the plan's region ({ $region }).
problem-start-outside-plan-year = The start month { $start } is outside the plan's year ({ NUMBER($year, useGrouping: "false") }).
problem-end-before-start = The end month { $end } is before the start month { $start }.
problem-end-too-late = The end month { $end } is more than a year after the plan's year ({ NUMBER($year, useGrouping: "false") }).
problem-negative-amount = Cannot be below 0: write 0 rupiah or more.
problem-not-rupiah = Not an amount in rupiah. Write digits only, for example 1,500,000.
problem-not-whole-rupiah = Not an amount in whole rupiah. Write it without cents, for example 1,500,000.
problem-budget-required = Write the budget in rupiah (0 when there is none).
problem-target-not-non-negative = The target is a number, 0 or more.
problem-before-item-start = { $date } is before the item starts ({ $start }).
problem-percent-over-100 = Cannot be more than 100 %.
problem-spent-over-budget = Spending of Rp { $spent } is more than the budget of Rp { $budget }. Revise the item's budget first.
problem-done-not-full = A finished item is at 100 %.

## JSON: the classification inputs and the API

# What was found there ($found: null, bool, number, text, list, object; $shown: the value).
json-found = { $found ->
        [null] null
        [bool] { $shown }
        [number] the number { $shown }
        [text] the text "{ $shown }"
        [list] a list
       *[object] an object
    }
# The vocabulary's name ($vocabulary).
json-vocabulary = { $vocabulary ->
        [funding_source] funding source
        [program] programme
        [facility] facility
        [data_source] data source
       *[operation] operation
    }
problem-inputs-not-object = The inputs must be a JSON object, found { json-found }.
problem-unknown-field = Unknown field; expected one of { $allowed }.
problem-missing-field = Missing.
problem-expected-object = Expected an object, found { json-found }.
problem-expected-object-or-null = Expected an object or null, found { json-found }.
problem-expected-bool = Expected true or false, found { json-found }.
problem-expected-whole-number = Expected a whole number, found { json-found }.
problem-json-negative = { $value } is negative: counts are whole numbers, 0 or more.
problem-json-not-whole = { $value } is not a whole number.
problem-json-too-large = { $value } is too large: counts go up to { $max }.
problem-json-not-plain-whole = { $value } is not written as a whole number (no decimal point or exponent).
problem-unknown-id = Unknown { json-vocabulary } "{ $given }"; use one of { $choices }.
problem-expected-id = Expected a { json-vocabulary } id, found { json-found }; use one of { $choices }.
problem-expected-id-list = Expected a list of { json-vocabulary } ids, found { json-found }.
problem-body-not-object = The body must be a JSON object.
problem-body-not-json = The body is not JSON ({ $detail }).
problem-body-invalid = The body is not as expected ({ $detail }).
problem-not-the-urls = This value differs from the URL's: { $url }.
problem-model-flags-role = The model-Kampung flags are set by kecamatan and kabupaten/kota officers.
## Refusals of the store (conflicts)

problem-family-exists = Family number { $family } is already used in this village for this year's round. Check the number, or open that family and change it there.
problem-family-changed = Someone else changed this family since you opened it. Open the page again, then redo your change.
problem-family-gone = Someone else deleted this family since you opened it. Open the family list again to see how things are now.
problem-form-version-missing = This form is incomplete (the page may have been open for a long time). Open the page again, then redo your change.
problem-plan-changed = Someone else changed this plan since you opened it. Open the page again, then redo your change.
problem-plan-exists = Region { $region } already has an action plan for { NUMBER($year, useGrouping: "false") }. Open that plan and change it there.
problem-plan-without-items = A plan without activities cannot be submitted. Add at least one activity first.
problem-plan-not-editable = { $approved ->
        [yes] This plan is approved, so its activities cannot change. Ask the coordinator to reopen it.
       *[no] This plan is submitted, so its activities cannot change. Wait until the coordinator returns it to you.
    }
problem-plan-not-approved = Progress is reported on approved plans only.
problem-item-has-progress = This activity has progress reports, so it cannot be removed. Set its status to cancelled instead.
problem-profile-exists = This Kampung KB already has a profile valid from { $from }. Profiles are kept as history: save the change as a new profile with a later valid-from date.
problem-report-exists = The report for { $month } already exists. Open that month's report to correct it.
problem-username-taken = The username { $username } is taken. Choose another username.

problem-conflict = { $message }

## Workbooks refused before reading, rounds, NIKs outside the writer's region
problem-workbook-not-zip = This file is not a readable .xlsx workbook (not a ZIP archive): save it as "Excel Workbook (.xlsx)" or upload CSV.
problem-workbook-damaged = This workbook cannot be read ({ $detail }): open it in a spreadsheet program and save it again as .xlsx, or upload CSV.
problem-workbook-entries = This workbook has { $value } parts; at most { $max } are read: save it again as a plain .xlsx or upload CSV.
problem-workbook-part-bytes = Part { $part } of this workbook inflates to more than { $max } bytes when opened: split the file or upload CSV.
problem-workbook-lying = Part { $part } of this workbook is larger than its header declares (a damaged or misleading file): save it again from a spreadsheet program or upload CSV.
problem-workbook-total-bytes = This workbook inflates to more than { $max } bytes when opened: split the file or upload CSV.
problem-workbook-sheets = This workbook has { $value } sheets; at most { $max } are read: delete the sheets not needed or upload CSV.
problem-workbook-strings = This workbook holds more than { $max } different texts: split the file or upload CSV.
problem-workbook-styles = This workbook holds more than { $max } formatting records: copy the data into a new workbook or upload CSV.
problem-workbook-dimension = Sheet { $sheet } declares the range { $range }, beyond { $rows } rows and { $columns } columns: delete the empty rows and columns after the data, split the file, or upload CSV.
problem-workbook-cell-place = Sheet { $sheet } has a cell at { $cell }, beyond { $rows } rows and { $columns } columns: delete what is after the data, split the file, or upload CSV.
problem-workbook-cells = Sheet { $sheet } holds more than { $max } cells: split the file or upload CSV.
problem-workbook-cells-book = This workbook holds more than { $max } cells: split the file or upload CSV.
problem-workbook-token = Part { $part } of this workbook holds a text or tag longer than { $max } bytes: shorten it or upload CSV.
problem-workbook-unordered = The rows of sheet { $sheet } are out of order: open it in a spreadsheet program and save it again, or upload CSV.
problem-round-not-open = There is no round { NUMBER($year, useGrouping: "false") }: ask the province to open it.
problem-nik-registered-elsewhere = This NIK is already registered in round { NUMBER($year, useGrouping: "false") } in a family outside your region: ask the kabupaten/kota family-planning office or the province to check both records.
