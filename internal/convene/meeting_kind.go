package convene

// MeetingKind says what kind of ASEAN defence meeting this is.
type MeetingKind string

// The kinds of meeting in the ADMM cycle. The ADMM track (ADMM, its
// Retreat, ADSOM and the ADSOM Working Group) is the Member States'; the
// ADMM-Plus track (ADMM-Plus, ADSOM-Plus, the ADSOM-Plus Working Group and
// the seven Experts' Working Groups) adds the eight Plus partners.
//
// Each Experts' Working Group is a kind of its own rather than one "EWG"
// kind with a topic: the seven are a fixed list (the ADMM-Plus concept
// papers), each has its own co-chairs for a three-year cycle (Cochair),
// and next year's calendar repeats a meeting by its kind alone, so that a
// kind that names the group carries everything the cycle needs without a
// second column that could disagree with it.
const (
	KindADMM        MeetingKind = "admm"
	KindADMMRetreat MeetingKind = "admm_retreat"
	KindADSOM       MeetingKind = "adsom"
	KindADSOMWG     MeetingKind = "adsom_wg"
	KindADMMPlus    MeetingKind = "admm_plus"
	KindADSOMPlus   MeetingKind = "adsom_plus"
	KindADSOMPlusWG MeetingKind = "adsom_plus_wg"

	KindEWGMaritimeSecurity MeetingKind = "ewg_ms"
	KindEWGCounterTerrorism MeetingKind = "ewg_ct"
	KindEWGHADR             MeetingKind = "ewg_hadr"
	KindEWGPeacekeeping     MeetingKind = "ewg_pko"
	KindEWGMilitaryMedicine MeetingKind = "ewg_mm"
	KindEWGMineAction       MeetingKind = "ewg_hma"
	KindEWGCyberSecurity    MeetingKind = "ewg_cyber"

	KindOther MeetingKind = "other"
)

// MeetingKinds lists the kinds in the order forms offer them. Migration
// 01410 adds each of them to the meetings table's CHECK constraint; a new
// kind needs a migration that widens it the same way.
var MeetingKinds = []MeetingKind{KindADMM, KindADMMRetreat, KindADSOM, KindADSOMWG, KindADMMPlus, KindADSOMPlus,
	KindADSOMPlusWG, KindEWGMaritimeSecurity, KindEWGCounterTerrorism, KindEWGHADR, KindEWGPeacekeeping,
	KindEWGMilitaryMedicine, KindEWGMineAction, KindEWGCyberSecurity, KindOther}

// EWGKinds are the ADMM-Plus Experts' Working Groups.
var EWGKinds = []MeetingKind{KindEWGMaritimeSecurity, KindEWGCounterTerrorism, KindEWGHADR, KindEWGPeacekeeping,
	KindEWGMilitaryMedicine, KindEWGMineAction, KindEWGCyberSecurity}

// Label is the kind as the secretariat writes it.
func (k MeetingKind) Label() string {
	switch k {
	case KindADMM:
		return "ADMM"
	case KindADMMRetreat:
		return "ADMM Retreat"
	case KindADSOM:
		return "ADSOM"
	case KindADSOMWG:
		return "ADSOM Working Group"
	case KindADMMPlus:
		return "ADMM-Plus"
	case KindADSOMPlus:
		return "ADSOM-Plus"
	case KindADSOMPlusWG:
		return "ADSOM-Plus Working Group"
	case KindOther:
		return "Other"
	}
	if t := k.EWGTopic(); t != "" {
		return "ADMM-Plus Experts' Working Group on " + t
	}
	return string(k)
}

// EWGTopic is the topic of an Experts' Working Group ("Maritime Security"),
// or "" for a kind that is not one.
func (k MeetingKind) EWGTopic() string {
	switch k {
	case KindEWGMaritimeSecurity:
		return "Maritime Security"
	case KindEWGCounterTerrorism:
		return "Counter-Terrorism"
	case KindEWGHADR:
		return "Humanitarian Assistance and Disaster Relief"
	case KindEWGPeacekeeping:
		return "Peacekeeping Operations"
	case KindEWGMilitaryMedicine:
		return "Military Medicine"
	case KindEWGMineAction:
		return "Humanitarian Mine Action"
	case KindEWGCyberSecurity:
		return "Cyber Security"
	}
	return ""
}

// EWG reports whether the kind is one of the Experts' Working Groups,
// which have co-chairs of their own (Cochair) rather than the year's chair.
func (k MeetingKind) EWG() bool { return k.EWGTopic() != "" }

// Plus reports whether the kind belongs to the ADMM-Plus track, which the
// Plus partners attend.
func (k MeetingKind) Plus() bool {
	return k == KindADMMPlus || k == KindADSOMPlus || k == KindADSOMPlusWG || k.EWG()
}

// ChairedByYear reports whether a meeting of the kind is hosted and chaired
// by the ASEAN chair of its year: the ADMM track, and the ADMM-Plus,
// ADSOM-Plus and ADSOM-Plus Working Group, which the ADMM chair chairs too.
// The Experts' Working Groups have their own co-chairs; "other" meetings
// follow no rule.
func (k MeetingKind) ChairedByYear() bool {
	switch k {
	case KindADMM, KindADMMRetreat, KindADSOM, KindADSOMWG, KindADMMPlus, KindADSOMPlus, KindADSOMPlusWG:
		return true
	}
	return false
}
