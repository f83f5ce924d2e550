### The PK (family census) form's terms: the label of every column of the import files and the meaning of
### every code (kkb_domain::pk::vocab). Items whose individual meaning is not known from the published form get
### words, not codes: adequate-housing requirements 1 to 8, family conflict of the first to the fourth kind.

## Columns

pk-column-family-id = Family id
pk-column-village-code = Village code
pk-column-pk-year = Census year
pk-column-rw = RW
pk-column-rt = RT
pk-column-kk-number = Family card (KK) number
pk-column-p01 = The family practises worship
pk-column-p02 = The couple holds a marriage book or certificate
pk-column-p03a = Family conflict of the first kind in the last year
pk-column-p03b = Family conflict of the second kind in the last year
pk-column-p03c = Family conflict of the third kind in the last year
pk-column-p03d = Family conflict of the fourth kind in the last year
pk-column-p04 = Has a source of income
pk-column-p05 = Eats diverse food
pk-column-p19 = The house meets adequate-housing requirement 1
pk-column-p20 = The house meets adequate-housing requirement 2
pk-column-p21 = The house meets adequate-housing requirement 3
pk-column-p22 = The house meets adequate-housing requirement 4
pk-column-p23 = The house meets adequate-housing requirement 5
pk-column-p24 = Proper drinking-water source (adequate-housing requirement 6)
pk-column-p25 = Proper latrine (adequate-housing requirement 7)
pk-column-p26 = The house meets adequate-housing requirement 8
pk-column-savings = Has savings
pk-column-sick-treated = Sick members are taken to a health facility
pk-column-online-media = Has access to online media or the internet
pk-column-daily-interaction = Family members interact every day
pk-column-joint-parenting = Father and mother raise the children together
pk-column-recreation = The family takes recreation together
pk-column-social-activity = Joins community work (gotong royong)
pk-column-kb-method = Contraceptive method the couple uses
pk-column-kb-reason-not-using = Why the couple uses no contraception
pk-column-member-no = No.
pk-column-name = Name
pk-column-birth-date = Birth date
pk-column-nik = NIK
pk-column-sex = Sex
pk-column-marital-status = Marital status
pk-column-birth-certificate = Birth certificate
pk-column-relation = Relation to the head of family
pk-column-religion = Religion
pk-column-education = Highest education
pk-column-in-school = Attends school now
pk-column-health-insurance = Health insurance

## Codes

pk-code-yes = Yes
pk-code-no = No
pk-code-sex-1 = Male
pk-code-sex-2 = Female
pk-code-marital-status-1 = Never married
pk-code-marital-status-2 = Married
pk-code-marital-status-3 = Divorced
pk-code-marital-status-4 = Widowed
pk-code-birth-certificate-1 = Has one
pk-code-birth-certificate-2 = None
pk-code-relation-1 = Head of family
pk-code-relation-2 = Spouse
pk-code-relation-3 = Child
pk-code-relation-4 = Child-in-law
pk-code-relation-5 = Grandchild
pk-code-relation-6 = Parent or parent-in-law
pk-code-relation-7 = Other relative
pk-code-relation-8 = Other
pk-code-religion-1 = Islam
pk-code-religion-2 = Protestant
pk-code-religion-3 = Catholic
pk-code-religion-4 = Hindu
pk-code-religion-5 = Buddhist
pk-code-religion-6 = Confucian
pk-code-religion-7 = Other
pk-code-education-1 = No schooling
pk-code-education-2 = Primary, not completed
pk-code-education-3 = Primary
pk-code-education-4 = Lower secondary
pk-code-education-5 = Upper secondary
pk-code-education-6 = Diploma 1/2
pk-code-education-7 = Diploma 3
pk-code-education-8 = Bachelor
pk-code-education-9 = Postgraduate
pk-code-health-insurance-1 = JKN subsidised (PBI)
pk-code-health-insurance-2 = JKN contributory
pk-code-health-insurance-3 = Other insurance
pk-code-health-insurance-4 = None
pk-code-kb-method-1 = Female sterilisation (MOW)
pk-code-kb-method-2 = Male sterilisation (MOP)
pk-code-kb-method-3 = IUD
pk-code-kb-method-4 = Implant
pk-code-kb-method-5 = Injectable
pk-code-kb-method-6 = Pill
pk-code-kb-method-7 = Condom
pk-code-kb-method-8 = Lactational amenorrhoea (MAL)
pk-code-kb-method-9 = Traditional
pk-code-kb-reason-1 = Pregnant
pk-code-kb-reason-2 = Wants a child soon
pk-code-kb-reason-3 = Wants a child later (IAT)
pk-code-kb-reason-4 = Wants no more children (TIAL)
pk-code-kb-reason-5 = Other

## Why an iBangga variable is met or not for one family (the family page), with the family's own answers.
## $column, $field, $first, $last: column labels; $answer, $yes, $no, $bad, $good, $fail, $met: code meanings.

pk-explain-answer = { $column }: { $answer }. Met when { $yes }; not met when { $no }; when empty, not applicable.
pk-explain-none-of = { $answers }. Not met when any of them is { $bad }.
pk-explain-at-least = { $count } of { $total } items ({ $first } to { $last }) are { $good }; at least { $min } needed.
pk-explain-members = { $field } of members{ $filter }: { $picked }. Not met when any is { $fail }.
pk-explain-members-none = none, so not applicable
pk-explain-member = member { $no } { $answer }
pk-explain-age-between = aged { $min }–{ $max }
pk-explain-age-from = aged { $min } or over
pk-explain-age-to = aged up to { $max }
pk-explain-head = { $field } of the head of family: { $answer }. Met when { $met }.
pk-explain-or = {" "}or{" "}
