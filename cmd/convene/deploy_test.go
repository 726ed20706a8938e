package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"convene/internal/convene"
)

// The deployment files live in internal/deploy (the top level is fixed).
// No Docker engine runs here to start them; this test holds them to the
// program instead: every CONVENE_ variable they set is one serve reads, the
// compose file's addresses name its own services, and the stop timeouts
// leave room for the graceful shutdown and the replica's last sync.

// serveVariables are the environment variables serve reads: one per flag,
// plus those read from the environment only (secrets, mail).
func serveVariables() map[string]bool {
	sf := newServerFlags("serve", "", ":8080", "data/convene.db", env{getenv: func(string) string { return "" },
		stderr: io.Discard})
	vars := map[string]bool{"CONVENE_SECRET": true, "CONVENE_SMTP_ADDR": true, "CONVENE_SMTP_FROM": true,
		"CONVENE_SMTP_USERNAME": true, "CONVENE_SMTP_PASSWORD": true, "CONVENE_SMTP_STARTTLS": true}
	for _, v := range sf.fs.env {
		vars[v] = true
	}
	return vars
}

var conveneVar = regexp.MustCompile(`CONVENE_[A-Z_]+`)

func TestDeploymentFiles(t *testing.T) {
	dir := filepath.Join("..", "..", "internal", "deploy")
	known := serveVariables()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	checked := 0
	for _, name := range []string{"compose.yaml", "convene.service", "convene.env.example"} {
		for _, v := range conveneVar.FindAllString(read(name), -1) {
			checked++
			if !known[v] {
				t.Errorf("%s sets %s, which convene serve does not read", name, v)
			}
		}
	}

	var compose struct {
		Services map[string]struct {
			Build struct {
				Context    string `yaml:"context"`
				Dockerfile string `yaml:"dockerfile"`
				Inline     string `yaml:"dockerfile_inline"`
			} `yaml:"build"`
			Image       string            `yaml:"image"`
			Environment map[string]string `yaml:"environment"`
			StopGrace   string            `yaml:"stop_grace_period"`
			Ports       []string          `yaml:"ports"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal([]byte(read("compose.yaml")), &compose); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	c, ok := compose.Services["convene"]
	if !ok {
		t.Fatal("compose.yaml has no convene service")
	}
	if _, err := os.Stat(filepath.Join(dir, c.Build.Context, c.Build.Dockerfile)); err != nil {
		t.Errorf("the convene service builds from %s/%s: %v", c.Build.Context, c.Build.Dockerfile, err)
	}
	service := func(rawURL string) string {
		u, err := url.Parse(rawURL)
		if err != nil {
			t.Fatalf("%q: %v", rawURL, err)
		}
		return u.Hostname()
	}
	chrome := c.Environment["CONVENE_CHROME_URL"]
	if _, ok := compose.Services[service(chrome)]; !ok || !strings.Contains(compose.Services[service(chrome)].Build.Inline, "headless-shell") {
		t.Errorf("CONVENE_CHROME_URL %q does not name the compose file's headless Chromium service", chrome)
	}
	if len(compose.Services[service(chrome)].Ports) > 0 {
		t.Error("the Chromium service publishes a port: only Convene may reach it")
	}
	rep := c.Environment["CONVENE_REPLICA"]
	if _, err := convene.ParseReplicaURL(rep); err != nil {
		t.Errorf("CONVENE_REPLICA: %v", err)
	}
	u, _ := url.Parse(rep)
	if _, ok := compose.Services[service(u.Query().Get("endpoint"))]; !ok {
		t.Errorf("the replica's endpoint %q is not a service of the compose file", u.Query().Get("endpoint"))
	}
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "CONVENE_SECRET"} {
		if v := c.Environment[k]; !strings.HasPrefix(v, "${") {
			t.Errorf("%s is written in compose.yaml (%q): secrets come from .env", k, v)
		}
	}
	for _, p := range c.Ports {
		if !strings.HasPrefix(p, "127.0.0.1:") {
			t.Errorf("convene publishes %q beyond this host: the TLS proxy is in front", p)
		}
	}
	// Room for -shutdown-grace and the replica's final sync (5 s).
	need := 30*time.Second + 5*time.Second
	if grace, err := time.ParseDuration(c.StopGrace); err != nil || grace < need {
		t.Errorf("stop_grace_period %q: want at least %s", c.StopGrace, need)
	}
	unit := read("convene.service")
	m := regexp.MustCompile(`(?m)^TimeoutStopSec=(\S+)$`).FindStringSubmatch(unit)
	if m == nil {
		t.Error("convene.service has no TimeoutStopSec")
	} else if d, err := time.ParseDuration(m[1]); err != nil || d < need {
		t.Errorf("TimeoutStopSec=%s: want at least %s", m[1], need)
	}
	if !regexp.MustCompile(`(?m)^ExecStart=/usr/local/bin/convene serve$`).MatchString(unit) {
		t.Error("convene.service does not run convene serve")
	}
	fmt.Printf("deployment files: %d CONVENE_ variables in compose.yaml, convene.service and convene.env.example, all read by serve; compose services %d\n",
		checked, len(compose.Services))
}
