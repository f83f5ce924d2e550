### Words that say where a problem is (file, row, column, value) and the import summaries of the command line.

problem-at-row = row { NUMBER($row, useGrouping: "false") }
problem-at-column = column { $column }
problem-at-value = value "{ $value }"
cli-problems-found = { $count ->
        [one] One problem
       *[other] { $count } problems
    } found; nothing was imported.
cli-more-problems = … and { $count } more { $count ->
        [one] problem
       *[other] problems
    }{ $report ->
        [yes] {" "}in the report file.
       *[no] ; use --report FILE to get them all.
    }
cli-report-written = The problem report was written to { $path }.
cli-report-failed = { $count ->
        [one] One problem
       *[other] { $count } problems
    }; nothing was imported; the problem report could not be written: { $detail }
cli-input-problems = { $count ->
        [one] One problem
       *[other] { $count } problems
    } in the inputs:
