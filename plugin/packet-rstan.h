/* packet-rstan.h
 *
 * Registration entry points of the rstan postdissector.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef PACKET_RSTAN_H
#define PACKET_RSTAN_H

void proto_register_rstan(void);
void proto_reg_handoff_rstan(void);

#endif /* PACKET_RSTAN_H */
