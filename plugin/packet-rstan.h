/* packet-rstan.h
 *
 * The rstan postdissector's handoff (the plugin's register_handoff).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef PACKET_RSTAN_H
#define PACKET_RSTAN_H

void proto_reg_handoff_rstan(void);

#endif /* PACKET_RSTAN_H */
