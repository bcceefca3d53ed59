package fakeapi

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/genesiscloud-tools/gcimg/api"
)

// rng is splitmix64. It is used instead of math/rand so that a seed names
// the same catalog on every machine and every Go release: the sequence is
// fixed by this file alone.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a value in [0, n). The modulo bias is irrelevant here.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// percent reports true with probability p/100.
func (r *rng) percent(p int) bool { return r.intn(100) < p }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// Bounds of the dates the generators produce; the demo catalog's hand-made
// public images sit in the same span.
var (
	epochStart = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	epochEnd   = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	recentFrom = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
)

// generator builds images from one rng and guarantees unique IDs and slugs
// within everything it has produced.
type generator struct {
	r     rng
	ids   map[string]struct{}
	slugs map[string]int
}

func newGenerator(seed int64, reserved []api.Image) *generator {
	g := &generator{r: rng{s: uint64(seed)}, ids: make(map[string]struct{}), slugs: make(map[string]int)}
	for i := range reserved {
		g.ids[reserved[i].ID] = struct{}{}
		if reserved[i].Slug != nil {
			g.slugs[*reserved[i].Slug]++
		}
	}
	return g
}

// id returns a random (version 4 shaped) UUID not produced or reserved before.
func (g *generator) id() string {
	for {
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], g.r.next())
		binary.BigEndian.PutUint64(b[8:], g.r.next())
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		var s [36]byte
		hex.Encode(s[0:8], b[0:4])
		s[8] = '-'
		hex.Encode(s[9:13], b[4:6])
		s[13] = '-'
		hex.Encode(s[14:18], b[6:8])
		s[18] = '-'
		hex.Encode(s[19:23], b[8:10])
		s[23] = '-'
		hex.Encode(s[24:36], b[10:16])
		id := string(s[:])
		if _, dup := g.ids[id]; !dup {
			g.ids[id] = struct{}{}
			return id
		}
	}
}

// slug returns base, or base-N when base was already handed out.
func (g *generator) slug(base string) *string {
	n := g.slugs[base]
	g.slugs[base] = n + 1
	if n > 0 {
		base = fmt.Sprintf("%s-%d", base, n+1)
	}
	return &base
}

// between returns a millisecond-precision time in [from, to).
func (g *generator) between(from, to time.Time) time.Time {
	span := uint64(to.Sub(from) / time.Millisecond)
	return from.Add(time.Duration(g.r.next()%span) * time.Millisecond)
}

// created spreads dates over the whole span, weighted towards recent years
// the way a growing provider's data is.
func (g *generator) created() time.Time {
	if g.r.percent(40) {
		return g.between(recentFrom, epochEnd)
	}
	return g.between(epochStart, epochEnd)
}

// regions returns the regions an image made at t would be in: the Iceland
// region before 2022, then Norway and Germany, then the rest.
func (g *generator) regions(t time.Time, most int) []string {
	var pool []string
	switch {
	case t.Year() < 2022:
		pool = []string{"ARC-IS-HAF-1", "NORD-NO-KRS-1"}
	case t.Year() < 2024:
		pool = []string{"NORD-NO-KRS-1", "EUC-DE-MUC-1"}
	case t.Year() < 2025:
		pool = []string{"NORD-NO-KRS-1", "EUC-DE-MUC-1", "EUW-NL-AMS-1", "EUW-GB-MNC-1"}
	default:
		pool = []string{"EUC-DE-MUC-1", "EUW-GB-MNC-1", "EUW-NL-AMS-1", "NA-CA-FTS-1", "NA-CA-MNZ-1", "NA-CA-PRG-1", "NORD-NO-KRS-1"}
	}
	n := 1 + g.r.intn(min(most, len(pool)))
	start := g.r.intn(len(pool))
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, pool[(start+i)%len(pool)])
	}
	return out
}

// Word lists for snapshot names, in the spirit of what users type. An
// entry ending in "@YYYY" names something that appeared that year; pickAt
// keeps a 2020 snapshot from being named after Llama 3.
var (
	projects = []string{
		"llama@2023", "llama3-ft@2024", "mistral-ft@2023", "sdxl@2023", "whisper@2022", "bert-base",
		"yolov8@2023", "resnet50", "gpt2-small", "nanogpt@2023", "diffusers@2022", "rag-demo@2023",
		"vllm@2023", "comfyui@2023", "kohya@2023", "ocr", "tts", "asr", "recsys", "etl", "airflow",
		"postgres", "redis", "minecraft", "render-farm", "blender", "webshop", "grafana",
		"gitlab-runner", "k8s-node", "jupyter", "dev-box", "ci-runner", "nerf", "gaussian-splat@2023",
		"alphafold@2021", "gromacs", "deepspeed", "megatron", "lora@2022", "controlnet@2023",
		"embeddings", "vectordb@2023", "qdrant@2022", "label-studio", "mlflow",
	}
	purposes = []string{
		"backup", "golden", "base", "clean", "working", "stable", "pre-migration", "post-install",
		"checkpoint", "final", "test", "staging", "prod", "old", "tmp", "do-not-delete", "v2",
		"cuda11", "cuda12@2023", "driver-470", "driver-550@2024", "known-good", "baseline", "snapshot",
	}
	events = []string{
		"upgrade", "driver update", "kernel 6.8@2024", "reinstall", "CUDA 11.8@2022", "CUDA 12.4@2024",
		"python 3.12@2024", "migration", "resize", "the demo", "holidays", "conference deadline",
		"refactor", "apt upgrade", "switching to uv@2024", "nvidia-smi broke", "dist-upgrade",
	}
	people   = []string{"jd", "anna", "mk", "lars", "sofia", "wei", "raj", "tom", "ines", "kofi"}
	services = []string{"db", "api", "web", "queue", "cache", "search", "auth", "metrics"}
	models   = []string{
		"llama-3-8b@2024", "mistral-7b@2023", "sdxl-base@2023", "whisper-large-v3@2023", "bert-large",
		"vit-b16@2021", "qwen2-7b@2024", "phi-3-mini@2024", "gpt2-medium", "t5-base", "resnet152",
	}
)

// pickAt picks an entry that existed at t and strips its "@YYYY". Every
// list has undated entries, so the loop ends.
func pickAt(r *rng, words []string, t time.Time) string {
	for {
		name, year, dated := strings.Cut(pick(r, words), "@")
		if !dated {
			return name
		}
		if y, err := strconv.Atoi(year); err == nil && y <= t.Year() {
			return name
		}
	}
}

// snapshotName returns a free-form name for a snapshot taken at t. Dates in
// names agree with t, as they would when a user types today's date.
func (g *generator) snapshotName(t time.Time) string {
	r := &g.r
	switch r.intn(20) {
	case 0:
		return pickAt(r, projects, t) + "-" + pickAt(r, purposes, t)
	case 1:
		return fmt.Sprintf("%s-%s-%s", pickAt(r, projects, t), pickAt(r, purposes, t), t.Format("2006-01-02"))
	case 2:
		return fmt.Sprintf("train-run-%d before %s", 1+r.intn(200), pickAt(r, events, t))
	case 3:
		return fmt.Sprintf("%s before %s", pickAt(r, projects, t), pickAt(r, events, t))
	case 4:
		return fmt.Sprintf("%s-gpu-%s", pickAt(r, projects, t), t.Format("2006-01-02"))
	case 5:
		return fmt.Sprintf("gpu-node-%02d %s", 1+r.intn(32), t.Format("20060102"))
	case 6:
		return "snapshot-" + t.Format("20060102-1504")
	case 7:
		return fmt.Sprintf("%s epoch %d", pickAt(r, models, t), 1+r.intn(40))
	case 8:
		return fmt.Sprintf("%s ckpt-%dk", pickAt(r, models, t), 5*(1+r.intn(60)))
	case 9:
		return fmt.Sprintf("prod-%s-backup", pick(r, services))
	case 10:
		return fmt.Sprintf("exp_%03d_%s", r.intn(1000), strings.ReplaceAll(pickAt(r, projects, t), "-", "_"))
	case 11:
		return fmt.Sprintf("%s v%d.%d", pickAt(r, projects, t), r.intn(4), r.intn(12))
	case 12:
		return "my " + pick(r, []string{"jupyter box", "dev env", "sd setup", "llm sandbox", "render node", "training box"})
	case 13:
		return fmt.Sprintf("%s finetune %s", pickAt(r, models, t), t.Format("Jan 2006"))
	case 14:
		return "DO NOT DELETE - " + pickAt(r, projects, t)
	case 15:
		return fmt.Sprintf("%s-sandbox-%d", pick(r, people), 1+r.intn(9))
	case 16:
		return fmt.Sprintf("%s %s (%s)", pickAt(r, projects, t), pickAt(r, purposes, t), pick(r, people))
	case 17:
		return fmt.Sprintf("%s-%s-%s", pick(r, services), pick(r, []string{"staging", "prod", "dev"}), t.Format("060102"))
	case 18:
		return fmt.Sprintf("%s after %s", pickAt(r, projects, t), pickAt(r, events, t))
	default:
		return fmt.Sprintf("%s-%s-%d", pick(r, people), pickAt(r, projects, t), 1+r.intn(99))
	}
}

// snapshot builds a snapshot image: no slug, mostly no family, and versions
// null or empty as the API returns them for snapshots.
func (g *generator) snapshot(name string, created time.Time, osType string) api.Image {
	im := api.Image{
		ID:        g.id(),
		Name:      name,
		Type:      api.TypeSnapshot,
		OSType:    osType,
		Regions:   g.regions(created, 1),
		CreatedAt: created,
		UpdatedAt: created.Add(time.Duration(20+g.r.intn(1800)) * time.Second),
	}
	if osType == api.OSWindows {
		if g.r.percent(50) {
			im.Family = ptr("Windows Server")
		}
	} else if g.r.percent(15) {
		im.Family = ptr(pick(&g.r, []string{"Ubuntu", "Ubuntu", "Debian", "Ubuntu ML", "Rocky Linux"}))
	}
	if g.r.percent(40) {
		im.Versions = []string{}
	}
	return im
}

// distro is a source of synthetic public images.
type distro struct {
	family, name, osType string
	since                int // release year: nothing is built before it
}

var distros = []distro{
	{"Ubuntu", "Ubuntu 20.04", api.OSLinux, 2020},
	{"Ubuntu", "Ubuntu 22.04", api.OSLinux, 2022},
	{"Ubuntu", "Ubuntu 24.04", api.OSLinux, 2024},
	{"Ubuntu", "Ubuntu 26.04", api.OSLinux, 2026},
	{"Debian", "Debian 11", api.OSLinux, 2021},
	{"Debian", "Debian 12", api.OSLinux, 2023},
	{"Debian", "Debian 13", api.OSLinux, 2025},
	{"Rocky Linux", "Rocky Linux 9", api.OSLinux, 2022},
	{"Rocky Linux", "Rocky Linux 10", api.OSLinux, 2025},
	{"AlmaLinux", "AlmaLinux 9", api.OSLinux, 2022},
	{"AlmaLinux", "AlmaLinux 10", api.OSLinux, 2025},
	{"CentOS", "CentOS Stream 9", api.OSLinux, 2022},
	{"Windows Server", "Windows Server 2019", api.OSWindows, 2020},
	{"Windows Server", "Windows Server 2022", api.OSWindows, 2022},
	{"Windows Server", "Windows Server 2025", api.OSWindows, 2025},
}

var (
	variants   = []string{"", "", " minimal", " with NVIDIA drivers", " CUDA 12.4", " CUDA 12.9", " ML"}
	frameworks = []string{
		"PyTorch 1.8", "PyTorch 2.1@2023", "PyTorch 2.5@2024", "PyTorch 2.7@2025", "TensorFlow 2.4",
		"TensorFlow 2.16@2024", "JAX 0.4@2023", "JupyterLab", "Stable Diffusion WebUI@2022",
		"ComfyUI@2023", "Ollama@2024", "vLLM 0.6@2024", "Docker + NVIDIA Container Toolkit",
		"Blender 2.91", "Blender 4.2@2024",
	}
)

func slugify(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// public builds a synthetic base-os, cloud-image or preconfigured image.
func (g *generator) public(t api.ImageType) api.Image {
	r := &g.r
	d := pick(r, distros)
	created := g.created()
	if created.Year() < d.since {
		created = g.between(time.Date(d.since, 4, 1, 0, 0, 0, 0, time.UTC), epochEnd)
	}
	im := api.Image{
		ID:        g.id(),
		Type:      t,
		OSType:    d.osType,
		Regions:   g.regions(created, 4),
		CreatedAt: created,
		UpdatedAt: created.Add(time.Duration(r.intn(400*24)) * time.Hour),
	}
	if im.UpdatedAt.After(epochEnd) {
		im.UpdatedAt = created
	}
	switch t {
	case api.TypeBaseOS:
		im.Name = d.name + pick(r, []string{"", "", " Standard", " (minimal)", " LTS"})
		im.Family = ptr(d.family)
	case api.TypeCloudImage:
		im.Name = d.name + pick(r, variants)
		im.Family = ptr(d.family)
		im.Slug = g.slug(slugify(im.Name))
		n := 1 + r.intn(4)
		v := created
		for range n {
			im.Versions = append(im.Versions, v.Format("20060102"))
			v = v.Add(time.Duration(20+r.intn(120)) * 24 * time.Hour)
		}
	default:
		im.Name = fmt.Sprintf("%s %s", d.name, pickAt(r, frameworks, created))
		if r.percent(70) {
			im.Family = ptr(d.family)
		}
		if r.percent(20) {
			im.Slug = g.slug(slugify(im.Name))
		}
	}
	return im
}

// Generate returns a deterministic synthetic catalog of n images for
// benchmarks and tests: the same (n, seed) gives the same images on every
// machine. About four in five are snapshots; IDs are unique UUID-shaped
// strings and slugs are unique. n <= 0 gives an empty, non-nil slice, which
// Options.Images takes as an empty catalog.
func Generate(n int, seed int64) []api.Image {
	out := make([]api.Image, 0, max(n, 0))
	g := newGenerator(seed, nil)
	for range n {
		switch roll := g.r.intn(100); {
		case roll < 6:
			out = append(out, g.public(api.TypeBaseOS))
		case roll < 13:
			out = append(out, g.public(api.TypeCloudImage))
		case roll < 20:
			out = append(out, g.public(api.TypePreconfigured))
		default:
			created := g.created()
			osType := api.OSLinux
			if g.r.percent(4) {
				osType = api.OSWindows
			}
			name := g.snapshotName(created)
			if g.r.percent(5) {
				name = pick(&g.r, handmadeSnapshots).name
			}
			out = append(out, g.snapshot(name, created, osType))
		}
	}
	return out
}

func ptr[T any](v T) *T { return &v }
