package cli

// --region: checked as the config file's region is, and compared without
// regard to case.

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/genesiscloud-tools/gcimg/api"
	"github.com/genesiscloud-tools/gcimg/internal/config"
	"github.com/genesiscloud-tools/gcimg/internal/text"
)

// checkRegion checks --region exactly as the config file's region is
// checked (a near miss of a known code is a usage error) and spells it
// as the known codes are, so that every region filter can compare codes
// as they are.
func checkRegion(g *globals) error {
	code, err := config.Region("--region", g.region)
	if err != nil {
		return usageError{err}
	}
	g.region = code
	return nil
}

// inRegion keeps the images available in region, comparing codes without
// regard to case.
func inRegion(images []api.Image, region string) []api.Image {
	kept := images[:0]
	for _, im := range images {
		if slices.ContainsFunc(im.Regions, func(r string) bool { return strings.EqualFold(r, region) }) {
			kept = append(kept, im)
		}
	}
	return kept
}

// warnUnknownRegion says on w that region, a code gcimg does not know,
// matched none of the images listed: a new region, or a mistyped one
// that is not near a known code.
func warnUnknownRegion(w io.Writer, region string, matched int) {
	if region == "" || matched > 0 || slices.Contains(api.KnownRegions, region) {
		return
	}
	fmt.Fprintf(w, "gcimg: no image is in region %s, which is not a known region (%s); check the code\n",
		text.Sanitize(region), strings.Join(api.KnownRegions, ", "))
}
