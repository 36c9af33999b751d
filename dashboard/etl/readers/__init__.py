"""One reader per official layout. Each turns a raw file into tidy frames with the project's
column names, finding header rows and columns by name so that other editions load too."""
