/* fixed-hash.c
 *
 * Preloaded into tshark by tests/bench/profile only. wmem's maps hash with a
 * multiplier drawn from g_random_int() in each process (wmem_init_hashing),
 * so the probes of the maps tshark consults for every packet, and with them
 * the instruction count of a run, change from run to run: by about 200
 * instructions per packet on the same capture, more than a tenth of what
 * rstan adds. This returns one fixed odd number instead, so that a run with
 * the plugin and one without probe alike and their difference is rstan's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <glib.h>

guint32 g_random_int(void)
{
    return 0x9e3779b1u;
}
