/* rstan-table.h
 *
 * Every value rstan shows, defined once. Each list below is an X-macro: the
 * engine expands it into its enums and evidence bits, rstan-names.c into the
 * name, text, weight and hint tables, and tests/unit/list-table.c into the
 * listing the tests hold docs/fields.md, tools/rstan-report and the Python value
 * sets against. Adding a value means adding one line here, the rule that
 * produces it and a unit row; the checks fail until docs/fields.md says it too.
 *
 * Order is the filter number: never reorder, only append. The first entry of
 * every enum is 0, "unknown" or its equivalent.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef RSTAN_TABLE_H
#define RSTAN_TABLE_H

/* X(ID, "filter string") */
#define RSTAN_PHASE_LIST(X) \
    X(UNKNOWN,     "unknown") \
    X(HANDSHAKE,   "handshake") \
    X(ESTABLISHED, "established") \
    X(TEARDOWN,    "teardown") \
    X(CLOSED,      "closed")

/* X(ID, "filter string", "what the analyst checks next") */
#define RSTAN_CAUSE_LIST(X) \
    X(UNKNOWN, "unknown", \
      "Look at the packets before the reset in this stream and at the endpoints' logs") \
    X(PORT_CLOSED, "port-closed", \
      "Check that the service listens on this port (ss -ltn) and that the address is right") \
    X(FIREWALL_REJECT, "firewall-reject", \
      "Check firewall and security-group rules on the path for this port or flow") \
    X(BACKLOG_OVERFLOW, "backlog-overflow", \
      "Raise the listen backlog or fix a slow accept() loop; see ListenOverflows in netstat -s") \
    X(TIME_WAIT_REUSE, "time-wait-reuse", \
      "Client port reuse hit TIME_WAIT: widen the ephemeral port range or enable timestamps") \
    X(MALFORMED_SYN, "malformed-syn", \
      "A SYN with an invalid flag mix: a scanner, fuzzer or broken stack sent it") \
    X(HALF_OPEN_SCAN, "half-open-scan", \
      "A SYN scan: check the source address against expected scanners") \
    X(CONNECT_ABORT, "connect-abort", \
      "A connect() scan or health check that aborts after the handshake") \
    X(RETRANSMISSION_TIMEOUT, "retransmission-timeout", \
      "The sender gave up after retransmissions: check the path for loss or a black hole") \
    X(IDLE_TIMEOUT, "idle-timeout", \
      "Compare the silence before the reset with the idle timeouts of load balancers and apps") \
    X(STATE_EXPIRED, "state-expired", \
      "A NAT or firewall forgot the idle connection: raise its timeout or enable keepalives") \
    X(APP_ABORT, "app-abort", \
      "The application aborted (SO_LINGER 0, crash or kill): check its logs") \
    X(UNREAD_DATA_CLOSE, "unread-data-close", \
      "The application closed with unread data: check its request handling") \
    X(DATA_AFTER_CLOSE, "data-after-close", \
      "Data arrived after the sender had closed: check for late writes or half-closed sockets") \
    X(LB_FAST_CLOSE, "lb-fast-close", \
      "A reset answered a FIN: typical of load balancers and proxies closing fast") \
    X(INJECTED, "injected", \
      "Forged by a device on the path: check for IPS, censorship or an attacker") \
    X(CONNTRACK_INVALID, "conntrack-invalid", \
      "Conntrack judged a segment INVALID and the REJECT rule reset the connection: add " \
      "`ct state invalid drop` (nftables) / `-m conntrack --ctstate INVALID -j DROP` before the REJECT rule")

#define RSTAN_ORIGIN_LIST(X) \
    X(UNKNOWN,   "unknown") \
    X(CLIENT,    "client") \
    X(SERVER,    "server") \
    X(MIDDLEBOX, "middlebox")

#define RSTAN_VERDICT_LIST(X) \
    X(UNVERIFIED, "unverified") \
    X(GENUINE,    "genuine") \
    X(SPOOFED,    "spoofed")

/* The reset's sequence number against what its receiver expects (RFC 5961 §3.2). */
#define RSTAN_SEQ_LIST(X) \
    X(NOT_CHECKABLE, "not-checkable") \
    X(EXACT,         "exact") \
    X(IN_WINDOW,     "in-window") \
    X(OUT_OF_WINDOW, "out-of-window")

/* Which genuine template the reset fits (RFC 9293 §3.10.7.1, §3.10.7.3, §3.10.5):
 * NO_CONN_SYN is RST+ACK with ack = SEG.SEQ+SEG.LEN answering a segment
 * without ACK, NO_CONN_ACK a RST with seq = SEG.ACK answering one with ACK,
 * ABORT a RST(+ACK) at the sender's next sequence number, NONE no template. */
#define RSTAN_SHAPE_LIST(X) \
    X(NOT_CHECKABLE, "not-checkable") \
    X(NO_CONN_SYN,   "no-connection-syn") \
    X(NO_CONN_ACK,   "no-connection-ack") \
    X(ABORT,         "abort") \
    X(NONE,          "none")

/* Where an explicit reason was carried (rstan.reason_kind). */
#define RSTAN_REASON_LIST(X) \
    X(NONE,        "none") \
    X(TEXT,        "payload text") \
    X(DIAG,        "diagnostic payload (0x33AA)") \
    X(MPTCP,       "MP_TCPRST option") \
    X(WINDOW_CODE, "window-field code")

/* Families of evidence: observations of one family can be wrong together
 * (one route change moves every hop count; one stack's own IP ID generator
 * moves every ID), so a verdict against the claimed sender needs two
 * families that agree, or one piece of proof (rstan_decide, and
 * docs/decisions.md "Verdicts and confidence").
 * X(ID, "name", "what it observes") */
#define RSTAN_FAMILY_LIST(X) \
    X(CONTEXT,  "context",  "circumstances that only inform: other resets nearby, a reason text, no baseline") \
    X(PATH,     "path",     "TTL / hop limit: the initial-TTL class and the hop distance") \
    X(IDENTITY, "identity", "the sender's own counters and marks: IPv4 ID, IPv6 flow label, TOS") \
    X(TIMING,   "timing",   "when the reset arrived against the sender's round trip") \
    X(SEQUENCE, "sequence", "sequence, acknowledgement, flags and window against what a stack sends") \
    X(REACTION, "reaction", "what the endpoints did after the reset") \
    X(POINTS,   "points",   "the same packets seen at several capture points")

/* Evidence bits: X(ID, "filter name", weight, family, proof, "one-line text").
 * Weight > 0 speaks against the claimed sender, < 0 for it, 0 only informs.
 * Weights follow the strength the sources give each observation: TTL class
 * and distance (docs/decisions.md, Hop distance), template fit (RFC 9293
 * §3.10.7), race and challenge evidence (Weaver, Sommer, Paxson, NDSS 2009;
 * RFC 5961 §3.2), IP ID and TOS as weak hints. proof 1 marks an observation
 * that settles the question on its own: the real sender's own packets after
 * the reset (race, carried on: Weaver et al. 2009 §4), or a capture point
 * nearer the sender that saw the connection and not the reset. */
#define RSTAN_EVIDENCE_LIST(X) \
    X(TTL_CLASS, "ttl_class", 60, PATH, 0, "Initial-TTL class differs from the sender's other packets") \
    X(HOPS_CLOSER, "hops_closer", 50, PATH, 0, "Arrived two or more hops closer than the sender's other packets (or unrouted)") \
    X(HOPS_FARTHER, "hops_farther", 45, PATH, 0, "Arrived two or more hops farther than the sender's other packets") \
    X(HOPS_CLOSER1, "hops_closer_one", 25, PATH, 0, "Arrived one hop closer than the sender's otherwise constant distance") \
    X(HOPS_MATCH, "hops_match", -30, PATH, 0, "Hop distance matches the sender's other packets") \
    X(IPID_CONT, "ipid_continuous", -25, IDENTITY, 0, "IP ID continues the sender's sequence") \
    X(IPID_JUMP, "ipid_jump", 20, IDENTITY, 0, "IP ID is far off the sender's sequence") \
    X(SHAPE_FIT, "shape_fit", -10, SEQUENCE, 0, "Sequence, ack and flags fit what a real stack sends here (RFC 9293)") \
    X(SHAPE_NONE, "shape_none", 50, SEQUENCE, 0, "Fits no template a real stack uses (RFC 9293): crafted") \
    X(FORGOT, "forgot_connection", 20, SEQUENCE, 0, "A \"no connection\" reset from an endpoint that was still live") \
    X(RACE, "race", 100, REACTION, 1, "The sender went on after its reset and acknowledged what the reset answered") \
    X(CARRIED_ON, "carried_on", 90, REACTION, 1, "The sender went on sending after its reset") \
    X(CHALLENGED, "challenged", 30, REACTION, 0, "The receiver answered with a challenge ACK (RFC 5961)") \
    X(IGNORED, "ignored", 20, REACTION, 0, "The receiver carried on as if the reset had not arrived") \
    X(BURST, "burst", 60, SEQUENCE, 0, "One of several resets with changing sequence, ack or TTL") \
    X(TYPE1_WINDOW, "type1_window", 30, SEQUENCE, 0, "No ACK flag and a non-zero window: the type-1 injector shape") \
    X(TOO_FAST, "too_fast", 50, TIMING, 0, "Arrived sooner than half a round trip after what it answers") \
    X(TOS_COPIED, "tos_copied", -10, IDENTITY, 0, "TOS copied from the segment it answers, as Linux does") \
    X(TOS_ZEROED, "tos_zeroed", 10, IDENTITY, 0, "TOS cleared although the answered segment had one set") \
    X(BOTH_SIDES, "both_sides", 15, CONTEXT, 0, "Both endpoints received a reset at once") \
    X(REASON, "reason_on_wire", 0, CONTEXT, 0, "Carries an explicit reason") \
    X(DUPLICATE, "duplicate", 0, CONTEXT, 0, "Repeats an earlier reset of the same sender") \
    X(NO_BASELINE, "no_baseline", 0, CONTEXT, 0, "No other packet of the sender to compare hop distance with") \
    X(LOCAL, "local_sender", -30, PATH, 0, "Sent from the capture host, like the sender's other packets") \
    X(AFTER_SPOOF, "after_spoof", 10, CONTEXT, 0, "Follows a spoofed reset between the same hosts") \
    X(BETWEEN_POINTS, "between_points", 200, POINTS, 1, "Seen downstream of a capture point nearer its sender that saw the connection but not this reset: made between the points") \
    X(CROSSED_POINTS, "crossed_points", -150, POINTS, 0, "The same reset was seen at another capture point on its path, with the flow's TTL change") \
    X(LOST_BETWEEN, "lost_between_points", 0, POINTS, 0, "Seen near its sender, never at a capture point nearer its receiver: lost or dropped on the way") \
    X(IPID_COPIED, "ipid_copied", 30, IDENTITY, 0, "IP ID copied from the segment it answers: a device built it from that segment") \
    X(SOCKET_TTL, "socket_ttl", 0, CONTEXT, 0, "Another initial TTL at the sender's own distance: a socket setting its own TTL") \
    X(TTL_VARIES, "ttl_varies", 0, CONTEXT, 0, "The sender's packets come at varying distances (per-packet TTLs): no distance to compare") \
    X(PROBE_RESET, "probe_reset", -20, CONTEXT, 0, "Resets at ISN+1 the answer to a crafted SYN in its name (no TCP option, nmap's signature, or per-packet TTLs), as that host's kernel or the scanner itself does (RFC 9293 §3.10.7.1)") \
    X(FLOW_SAME, "flow_label_same", -25, IDENTITY, 0, "IPv6 flow label the same as on every packet of the sender's connection (RFC 6437 §3)") \
    X(FLOW_OTHER, "flow_label_other", 20, IDENTITY, 0, "IPv6 flow label other than the one on every packet of the sender's connection (RFC 6437 §3)")

/* What a verdict rests on (rstan.grounds), with its confidence: the share of
 * such calls that were right on the project's labelled captures, measured by
 * tools/rstan-calibrate --classes on the scenarios it does not hold out
 * (docs/calibration.md gives the figures, the held-out check and how to
 * measure them again). A verdict against the claimed sender is given only on
 * grounds whose confidence reaches RSTAN_SPOOF_MIN_CONFIDENCE; below that it
 * stays unverified, with the evidence listed. Never 100: a lab corpus is not
 * every network. possibly-forged had no call on the corpus: with none, the
 * rule of succession gives one half. nothing names no origin, so claims none.
 * X(ID, "name", confidence, "what it means") */
#define RSTAN_GROUNDS_LIST(X) \
    X(NOTHING,   "nothing",         0, "Nothing else of its connection or its sender to judge by: no origin named") \
    X(PROOF,     "proof",          99, "Decisive evidence that another device sent it") \
    X(FAMILIES,  "families-agree", 94, "Two or more independent kinds of evidence say another device sent it") \
    X(SUSPECT,   "possibly-forged", 50, "Evidence speaks against the claimed sender, not enough to call it forged (one kind alone)") \
    X(UNSURE,    "too-little",     85, "Too little evidence either way") \
    X(SEEN_CROSSING, "crossed-points", 99, "Seen crossing capture points on the sender's path") \
    X(FOR_MANY,  "families-for",   99, "Two or more independent kinds of evidence fit the claimed sender") \
    X(FOR_ONE,   "one-family-for", 98, "One kind of evidence fits the claimed sender, none against")

#endif /* RSTAN_TABLE_H */
