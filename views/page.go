// Package views holds Convene's templ components: the layout, shared
// components (form.templ), one .templ per resource named like its handlers'
// file in internal/web (delegate.templ beside web/delegate.go), the view
// models that need more than a struct (programme.go), and the error pages.
// It imports the domain, templ and internal/paths only: every link and form
// action is a path function of internal/paths, never a string put together
// here. What a page needs from the web layer (who is signed in, the CSRF
// token, flash messages, asset URLs) arrives in a PageContext carried by the
// request's context.
package views

import (
	"context"
	"maps"
	"slices"

	"convene/internal/convene"
	"convene/internal/paths"
)

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string // "success", "error" or "info"
	Message string
}

// NavItem is one link of the main navigation.
type NavItem struct {
	Label string
	Href  string
}

// PageContext is what every page needs from the request.
type PageContext struct {
	Actor convene.Actor
	// CSRFToken is the browser's CSRF token; when it is empty, Token asks
	// NewCSRF for it the first time a form needs it, so a page without a
	// form never makes one (and never sets the state cookie).
	CSRFToken string
	NewCSRF   func() string
	Flashes   []Flash
	Path      string              // the request path, to mark the current nav item
	Nav       []NavItem           // decided by the web layer from the actor's role
	Asset     func(string) string // URL of a static file by its logical name
	Now       string              // "printed on" stamp for print layouts
	// Refused are the fields whose text the request's hygiene check refused
	// (a control character, a bidi override...), by name, with the message
	// the form components show next to the field on any page.
	Refused map[string]string
}

// Token returns the CSRF token a form carries, made on first use.
func (p *PageContext) Token() string {
	if p.CSRFToken == "" && p.NewCSRF != nil {
		p.CSRFToken = p.NewCSRF()
	}
	return p.CSRFToken
}

type pageKey struct{}

// WithPage returns a context carrying the page context.
func WithPage(ctx context.Context, p *PageContext) context.Context {
	return context.WithValue(ctx, pageKey{}, p)
}

// Page returns the page context of ctx; an empty one if none is set, so a
// component rendered in a test without a request still works.
func Page(ctx context.Context) *PageContext {
	if p, ok := ctx.Value(pageKey{}).(*PageContext); ok {
		return p
	}
	return &PageContext{Asset: paths.Static}
}

// Form is what a form page shows: the values as typed and a message per
// field that failed validation. It round-trips, so a refused form comes back
// with everything the user typed still in it.
type Form struct {
	Values  map[string]string
	Errors  map[string]string
	Message string // a summary above the form, e.g. "Please correct the fields marked below."
}

// Get returns the value typed into a field.
func (f Form) Get(name string) string { return f.Values[name] }

// Err returns the message for a field, or "".
func (f Form) Err(name string) string { return f.Errors[name] }

// HasErrors reports whether any field failed.
func (f Form) HasErrors() bool { return len(f.Errors) > 0 || f.Message != "" }

// fieldErr is the message shown next to a field of f: the request's text
// refusal for it when f holds that field, else f's own message.
func fieldErr(ctx context.Context, f Form, name string) string {
	if m := Page(ctx).Refused[name]; m != "" {
		if _, typed := f.Values[name]; typed {
			return m
		}
	}
	return f.Err(name)
}

// fieldMessage is one field's message in an error summary.
type fieldMessage struct{ Name, Message string }

// summaryErrors are the messages shown next to f's fields, one per field,
// ordered by field name so that the summary is the same on every render.
// A message equal to the form's own summary message is not repeated.
func summaryErrors(ctx context.Context, f Form) []fieldMessage {
	names := map[string]bool{}
	for name := range f.Errors {
		names[name] = true
	}
	for name := range Page(ctx).Refused {
		if _, typed := f.Values[name]; typed {
			names[name] = true
		}
	}
	var out []fieldMessage
	for _, name := range slices.Sorted(maps.Keys(names)) {
		if m := fieldErr(ctx, f, name); m != "" && m != f.Message {
			out = append(out, fieldMessage{name, m})
		}
	}
	return out
}

// hasErrors reports whether f is shown refused: its own messages, or a
// field of f whose text the request's check refused.
func hasErrors(ctx context.Context, f Form) bool {
	if f.HasErrors() {
		return true
	}
	for name := range Page(ctx).Refused {
		if _, typed := f.Values[name]; typed {
			return true
		}
	}
	return false
}
