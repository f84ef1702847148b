/* rstan-names.c
 *
 * Names, texts, weights and hints of every value the engine produces, all
 * expanded from the one table in rstan-table.h. Out-of-range values give the
 * first entry ("unknown" or its equivalent), never NULL.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "rstan-internal.h"

#define NAME_2(id, name) name,
#define NAME_3(id, name, hint) name,
#define HINT_3(id, name, hint) hint,
#define EV_NAME(id, name, weight, family, proof, text) name,
#define EV_TEXT(id, name, weight, family, proof, text) text,
#define EV_FAMILY(id, name, weight, family, proof, text) RSTAN_FAMILY_##family,
#define EV_PROOF(id, name, weight, family, proof, text) proof,
#define FAMILY_NAME(id, name, text) name,
#define FAMILY_TEXT(id, name, text) text,
#define GROUNDS_NAME(id, name, confidence, text) name,
#define GROUNDS_TEXT(id, name, confidence, text) text,
#define GROUNDS_CONF(id, name, confidence, text) confidence,

static const char *const phase_names[] = { RSTAN_PHASE_LIST(NAME_2) };
static const char *const cause_names[] = { RSTAN_CAUSE_LIST(NAME_3) };
static const char *const cause_hints[] = { RSTAN_CAUSE_LIST(HINT_3) };
static const char *const origin_names[] = { RSTAN_ORIGIN_LIST(NAME_2) };
static const char *const verdict_names[] = { RSTAN_VERDICT_LIST(NAME_2) };
static const char *const seq_names[] = { RSTAN_SEQ_LIST(NAME_2) };
static const char *const shape_names[] = { RSTAN_SHAPE_LIST(NAME_2) };
static const char *const reason_names[] = { RSTAN_REASON_LIST(NAME_2) };
static const char *const evidence_names[] = { RSTAN_EVIDENCE_LIST(EV_NAME) };
static const char *const evidence_texts[] = { RSTAN_EVIDENCE_LIST(EV_TEXT) };
static const uint8_t evidence_families[] = { RSTAN_EVIDENCE_LIST(EV_FAMILY) };
static const bool evidence_proofs[] = { RSTAN_EVIDENCE_LIST(EV_PROOF) };
static const char *const family_names[] = { RSTAN_FAMILY_LIST(FAMILY_NAME) };
static const char *const family_texts[] = { RSTAN_FAMILY_LIST(FAMILY_TEXT) };
static const char *const grounds_names[] = { RSTAN_GROUNDS_LIST(GROUNDS_NAME) };
static const char *const grounds_texts[] = { RSTAN_GROUNDS_LIST(GROUNDS_TEXT) };
static const uint8_t grounds_confidences[] = { RSTAN_GROUNDS_LIST(GROUNDS_CONF) };

#define NAME_OF(table, i) ((i) < sizeof(table) / sizeof((table)[0]) ? (table)[i] : (table)[0])

const char *rstan_phase_name(unsigned phase) { return NAME_OF(phase_names, phase); }
const char *rstan_cause_name(unsigned cause) { return NAME_OF(cause_names, cause); }
const char *rstan_cause_hint(unsigned cause) { return NAME_OF(cause_hints, cause); }
const char *rstan_origin_name(unsigned origin) { return NAME_OF(origin_names, origin); }
const char *rstan_verdict_name(unsigned verdict) { return NAME_OF(verdict_names, verdict); }
const char *rstan_seq_status_name(unsigned status) { return NAME_OF(seq_names, status); }
const char *rstan_shape_name(unsigned shape) { return NAME_OF(shape_names, shape); }
const char *rstan_reason_kind_name(unsigned kind) { return NAME_OF(reason_names, kind); }

const char *rstan_evidence_name(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? evidence_names[bit_index] : "unknown";
}

const char *rstan_evidence_text(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? evidence_texts[bit_index] : "";
}

unsigned rstan_evidence_family(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT ? evidence_families[bit_index] : RSTAN_FAMILY_CONTEXT;
}

bool rstan_evidence_proof(unsigned bit_index)
{
    return bit_index < RSTAN_EV_COUNT && evidence_proofs[bit_index];
}

const char *rstan_family_name(unsigned family) { return NAME_OF(family_names, family); }
const char *rstan_family_text(unsigned family) { return NAME_OF(family_texts, family); }
const char *rstan_grounds_name(unsigned grounds) { return NAME_OF(grounds_names, grounds); }
const char *rstan_grounds_text(unsigned grounds) { return NAME_OF(grounds_texts, grounds); }

unsigned rstan_grounds_confidence(unsigned grounds)
{
    return grounds < RSTAN_GROUNDS_COUNT ? grounds_confidences[grounds] : 0;
}
