package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/genesiscloud-tools/gcimg/internal/columns"
	"github.com/genesiscloud-tools/gcimg/internal/enum"
	"github.com/genesiscloud-tools/gcimg/internal/output"
	"github.com/genesiscloud-tools/gcimg/ui/catalog"
)

// listFlags are list's flags for choosing, ordering and laying out rows.
type listFlags struct {
	text      string
	sort      catalog.Sort
	reverse   bool
	noHeaders bool
	columns   string
	cols      []columns.Column // columns parsed; nil for list's defaults
}

func (lf *listFlags) define(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&lf.text, "query", "", "only images matching this query (fzf's extended syntax), best match first")
	enumVar(cmd, f, &lf.sort, "sort", "", "order by this alone, even with --query (dates newest first)", catalog.Sorts)
	f.BoolVar(&lf.reverse, "reverse", false, "reverse the sort: Z to A, oldest first (a query's best match stays first)")
	f.BoolVar(&lf.noHeaders, "no-headers", false, "leave out the header line of -o table and -o tsv")
	f.StringVar(&lf.columns, "columns", "", "the columns of -o table and -o tsv, comma-separated: "+columns.Columns.String())
	_ = cmd.RegisterFlagCompletionFunc("columns", completeColumns)
}

// check validates the flags that need more than their parser: the column
// list, and that it goes with a format that has columns.
func (lf *listFlags) check(cmd *cobra.Command, format output.Format) error {
	if !cmd.Flags().Changed("columns") {
		return nil
	}
	if !output.HasColumns(format) {
		return usageError{fmt.Errorf("--columns applies to -o table and -o tsv, not -o %s", format)}
	}
	cols, err := columns.Parse(lf.columns)
	if ee, ok := errors.AsType[*enum.Error](err); ok {
		ee.What = "--columns column"
		return usageError{ee}
	}
	if err != nil {
		return usageError{fmt.Errorf("--columns: %w", err)}
	}
	lf.cols = cols
	return nil
}

// reorders reports whether the flags ask for the browser's rows and
// order; without --query, --sort or --reverse, list prints every image in
// the API's order, as it always has.
func (lf *listFlags) reorders(cmd *cobra.Command) bool {
	f := cmd.Flags()
	return f.Changed("query") || f.Changed("sort") || f.Changed("reverse")
}

// query is what the flags ask of the rows. An explicit --sort orders a
// query's rows by the sort alone: a script that asks for the newest
// first wants the newest first, not the best match.
func (lf *listFlags) query(cmd *cobra.Command) catalog.Query {
	return catalog.Query{Text: lf.text, Sort: lf.sort, Reverse: lf.reverse, NoRank: cmd.Flags().Changed("sort")}
}

// options lays out the table or TSV: the chosen columns, or list's own
// defaults for tab t and the sort (never the config file's, so a script's
// output does not depend on the user's settings).
func (lf *listFlags) options(t catalog.Tab, width int, now time.Time) output.Options {
	o := output.Options{Width: width, Now: now, NoHeader: lf.noHeaders, Columns: lf.cols, Chosen: lf.cols != nil}
	if o.Columns == nil {
		o.Columns = output.DefaultColumns(t, lf.sort)
	}
	return o
}

// completeColumns completes the last name of a comma-separated list,
// leaving out the names already given.
func completeColumns(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, last := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	var out []string
	for _, name := range columns.Columns.Names() {
		if strings.HasPrefix(name, last) && !strings.Contains(","+done, ","+name+",") {
			out = append(out, done+name)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}
