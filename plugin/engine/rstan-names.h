/* rstan-names.h
 *
 * The names users filter on, the texts the tree and expert info show, and
 * the weights, families and confidences the decision reads, one for each
 * entry of the engine's table (rstan-table.h, made in rstan-names.c). Plain
 * C99 like the rest of the engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_NAMES_H
#define RSTAN_NAMES_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Filter strings of the enums (as in docs/fields.md) and of the evidence bits. */
const char *rstan_phase_name(unsigned phase);
const char *rstan_cause_name(unsigned cause);
const char *rstan_origin_name(unsigned origin);
const char *rstan_verdict_name(unsigned verdict);
const char *rstan_seq_status_name(unsigned status);
const char *rstan_shape_name(unsigned shape);
const char *rstan_reason_kind_name(unsigned kind);
const char *rstan_evidence_name(unsigned bit_index);
const char *rstan_evidence_text(unsigned bit_index);
int rstan_evidence_weight(unsigned bit_index);
/* The family an evidence bit belongs to (rstan_family_t), and whether it is proof on its own. */
unsigned rstan_evidence_family(unsigned bit_index);
bool rstan_evidence_proof(unsigned bit_index);
const char *rstan_family_name(unsigned family);
const char *rstan_family_text(unsigned family);
/* What a verdict rests on: its filter string, its meaning and its calibrated confidence. */
const char *rstan_grounds_name(unsigned grounds);
const char *rstan_grounds_text(unsigned grounds);
unsigned rstan_grounds_confidence(unsigned grounds);
/* A one-line hint for the analyst: what to check next for this cause. */
const char *rstan_cause_hint(unsigned cause);

#ifdef __cplusplus
}
#endif

#endif /* RSTAN_NAMES_H */
