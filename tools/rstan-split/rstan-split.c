/* rstan-split: split a capture into shards in one streaming pass, keeping every
 * connection and every host pair in one shard, for tools/rstan-report --shards.
 *
 *   rstan-split -n SHARDS [-k pair|service|auto] -o FOLDER CAPTURE
 *
 * Reads CAPTURE with libwiretap (every format Wireshark reads, compressed or
 * not) and writes FOLDER/shard-NNN.<pcap|pcapng> in the capture's own format
 * (pcapng when that format cannot be written), with every interface
 * description of the original, plus FOLDER/shard-NNN.frames: for each record
 * of the shard, in order, the number of that record in the original file
 * (64-bit little-endian), so that a frame of a shard can be named by its
 * original number. Memory does not grow with the capture.
 *
 * A packet's shard is a hash of the innermost IP header's two addresses, taken
 * in either order, so both directions of a connection and of a host pair go
 * together. Tunnels are opened: 802.1Q/QinQ, MPLS (and an Ethernet pseudowire
 * behind a control word), PPPoE, GRE (IP, Ethernet bridging, MPLS), IP in IP,
 * IPv6 in IP, VXLAN on UDP 4789, on Ethernet, Linux cooked v1 and v2, raw IP
 * and BSD loopback. An ICMP or ICMPv6 error goes with the addresses of the
 * header it quotes. Records without IP (ARP, other link layers, non-packet
 * records) go to shard 0.
 *
 * With "-k service" a packet's key is the address of its service side: the
 * endpoint a SYN seen earlier was sent to (a bounded table of 131,072 address
 * and port pairs), else the one with a port below 1024, else the lower port:
 * a NAT between capture points rewrites the client's address and port, so the
 * copies of one connection seen on either side of it share only the server's. "-k auto" (the default) uses "pair" for a file with at most
 * one interface and "service" for one with several (capture points).
 *
 * Prints "records R shards N key K" on success. Exit status: 0 done, 64 usage,
 * 65 the capture could not be read (or was cut short: the shards then hold
 * every record read before the error), 73 a shard could not be created, 74 a
 * shard could not be written (a full disk): the message names the file.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <ws_version.h>
#include <wiretap/wtap.h>
#include <wsutil/wslog.h>

/* Wireshark 4.6 keeps a record's bytes in the record (wtap_rec.data): no
 * separate buffer for wtap_read and wtap_dump, and ws_log_init takes only the
 * error reporter (docs/wireshark-versions.md). */
#define RSTAN_WS_46 (WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 6))

#define MAX_SHARDS 1024
#define EXIT_USAGE 64
#define EXIT_DATAERR 65
#define EXIT_CANTCREAT 73
#define EXIT_IOERR 74

enum key_mode { KEY_AUTO, KEY_PAIR, KEY_SERVICE };

typedef struct {
    int family;                 /* 4 or 6, 0: no IP header found */
    const uint8_t *src, *dst;   /* addresses, 4 or 16 bytes */
    int have_ports;
    uint16_t sport, dport;
    int syn;                    /* a TCP SYN without ACK: dst is the service side */
} flow_key_t;

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static void parse_ip(const uint8_t *p, size_t len, flow_key_t *k, int depth);
static void parse_ether(const uint8_t *p, size_t len, flow_key_t *k, int depth);

/* The layer after an Ethernet type field. */
static void parse_ethertype(uint16_t type, const uint8_t *p, size_t len, flow_key_t *k, int depth)
{
    if (depth > 16)
        return;
    for (;;) {
        switch (type) {
        case 0x8100: case 0x88a8: case 0x9100:        /* 802.1Q, 802.1ad, old QinQ */
            if (len < 4)
                return;
            type = be16(p + 2);
            p += 4; len -= 4;
            continue;
        case 0x0800: case 0x86dd:
            parse_ip(p, len, k, depth + 1);
            return;
        case 0x8847: case 0x8848:                     /* MPLS: labels to the bottom */
            while (len >= 4) {
                int bottom = p[2] & 1;
                p += 4; len -= 4;
                if (bottom)
                    break;
            }
            if (len < 1)
                return;
            if ((p[0] >> 4) == 4 || (p[0] >> 4) == 6)
                parse_ip(p, len, k, depth + 1);
            else if ((p[0] >> 4) == 0 && len > 4)     /* pseudowire control word, Ethernet */
                parse_ether(p + 4, len - 4, k, depth + 1);
            return;
        case 0x8864:                                  /* PPPoE session, then PPP */
            if (len < 8)
                return;
            if (be16(p + 6) == 0x0021 || be16(p + 6) == 0x0057)
                parse_ip(p + 8, len - 8, k, depth + 1);
            return;
        case 0x6558:                                  /* transparent Ethernet bridging */
            parse_ether(p, len, k, depth + 1);
            return;
        default:
            return;
        }
    }
}

static void parse_ether(const uint8_t *p, size_t len, flow_key_t *k, int depth)
{
    if (len < 14)
        return;
    parse_ethertype(be16(p + 12), p + 14, len - 14, k, depth);
}

/* The payload of an IP header with this protocol number: a tunnel, an ICMP
 * error, or the transport (ports). Returns 1 when it replaced the key. */
static void parse_payload(int proto, const uint8_t *p, size_t len, flow_key_t *k, int depth)
{
    switch (proto) {
    case 4: case 41:                                  /* IPv4 / IPv6 in IP */
        parse_ip(p, len, k, depth + 1);
        return;
    case 47: {                                        /* GRE */
        if (len < 4)
            return;
        size_t off = 4;
        if (p[0] & 0x80) off += 4;                    /* checksum */
        if (p[0] & 0x20) off += 4;                    /* key */
        if (p[0] & 0x10) off += 4;                    /* sequence */
        if ((p[1] & 7) != 0 || len < off)             /* version 0 only */
            return;
        parse_ethertype(be16(p + 2), p + off, len - off, k, depth + 1);
        return;
    }
    case 6: case 17:                                  /* TCP, UDP: ports */
        if (len < 4)
            return;
        k->have_ports = 1;
        k->sport = be16(p);
        k->dport = be16(p + 2);
        k->syn = proto == 6 && len >= 14 && (p[13] & 0x12) == 0x02;
        if (proto == 17 && k->dport == 4789 && len >= 16 + 14)   /* VXLAN */
            parse_ether(p + 16, len - 16, k, depth + 1);
        return;
    case 1:                                           /* ICMP errors quote a header */
        if (len >= 8 + 20 && (p[0] == 3 || p[0] == 4 || p[0] == 5 || p[0] == 11 || p[0] == 12)
            && (p[8] >> 4) == 4)
            parse_ip(p + 8, len - 8, k, depth + 1);
        return;
    case 58:                                          /* ICMPv6 errors: types 1 to 4 */
        if (len >= 8 + 40 && p[0] >= 1 && p[0] <= 4 && (p[8] >> 4) == 6)
            parse_ip(p + 8, len - 8, k, depth + 1);
        return;
    default:
        return;
    }
}

static void parse_ip(const uint8_t *p, size_t len, flow_key_t *k, int depth)
{
    if (depth > 16 || len < 1)
        return;
    if ((p[0] >> 4) == 4) {
        size_t hl = (size_t)(p[0] & 15) * 4;
        if (len < 20 || hl < 20)
            return;
        k->family = 4; k->src = p + 12; k->dst = p + 16; k->have_ports = 0;
        if ((be16(p + 6) & 0x1fff) != 0 || len < hl)  /* a later fragment: addresses only */
            return;
        size_t total = be16(p + 2);
        if (total >= hl && total < len)               /* Ethernet padding */
            len = total;
        parse_payload(p[9], p + hl, len - hl, k, depth);
    } else if ((p[0] >> 4) == 6) {
        if (len < 40)
            return;
        k->family = 6; k->src = p + 8; k->dst = p + 24; k->have_ports = 0;
        size_t plen = be16(p + 4);
        if (plen > 0 && 40 + plen < len)
            len = 40 + plen;
        int nh = p[6];
        size_t off = 40;
        for (int i = 0; i < 8; i++) {
            if (nh == 0 || nh == 43 || nh == 60) {    /* hop-by-hop, routing, destination */
                if (len < off + 8)
                    return;
                size_t l = ((size_t)p[off + 1] + 1) * 8;
                nh = p[off];
                off += l;
            } else if (nh == 44) {                    /* fragment */
                if (len < off + 8 || (be16(p + off + 2) & 0xfff8) != 0)
                    return;
                nh = p[off];
                off += 8;
            } else if (nh == 51) {                    /* authentication header */
                if (len < off + 8)
                    return;
                size_t l = ((size_t)p[off + 1] + 2) * 4;
                nh = p[off];
                off += l;
            } else {
                break;
            }
        }
        if (off <= len)
            parse_payload(nh, p + off, len - off, k, depth);
    }
}

/* The key of a record from its link layer. */
static void parse_frame(int encap, const uint8_t *p, size_t len, flow_key_t *k)
{
    memset(k, 0, sizeof *k);
    switch (encap) {
    case WTAP_ENCAP_ETHERNET:
        parse_ether(p, len, k, 0);
        break;
    case WTAP_ENCAP_RAW_IP: case WTAP_ENCAP_RAW_IP4: case WTAP_ENCAP_RAW_IP6:
        parse_ip(p, len, k, 0);
        break;
    case WTAP_ENCAP_SLL:
        if (len >= 16)
            parse_ethertype(be16(p + 14), p + 16, len - 16, k, 0);
        break;
    case WTAP_ENCAP_SLL2:
        if (len >= 20)
            parse_ethertype(be16(p), p + 20, len - 20, k, 0);
        break;
    case WTAP_ENCAP_NULL: case WTAP_ENCAP_LOOP:
        /* a 4-byte address family in either byte order: 2 is IPv4, 24, 28 or
         * 30 IPv6 (BSDs differ); the IP version nibble says the same */
        if (len >= 5)
            parse_ip(p + 4, len - 4, k, 0);
        break;
    default:
        break;
    }
}

static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Service endpoints (address and port) learned from the SYNs seen so far, for
 * "-k service": a fixed table, so memory stays bounded; once it is full no
 * more are learned and the rule below decides. */
#define SERVICE_SLOTS (1u << 18)
typedef struct {
    uint8_t used, family;
    uint16_t port;
    uint8_t addr[16];
    uint8_t group[16];          /* the address its connections are keyed by */
} service_t;
static service_t *services;
static unsigned services_used;

static service_t *service_slot(int family, const uint8_t *addr, uint16_t port, int insert)
{
    size_t alen = family == 4 ? 4 : 16;
    uint8_t fam = (uint8_t)family;
    uint64_t h = fnv(fnv(fnv(14695981039346656037ULL, &fam, 1), addr, alen),
                     (const uint8_t *)&port, sizeof port);
    for (unsigned i = 0, j = (unsigned)(h ^ h >> 32) & (SERVICE_SLOTS - 1); i < 64;
         i++, j = (j + 1) & (SERVICE_SLOTS - 1)) {
        service_t *e = &services[j];
        if (!e->used) {
            if (!insert || services_used >= SERVICE_SLOTS / 2)
                return NULL;
            e->used = 1; e->family = fam; e->port = port;
            memcpy(e->addr, addr, alen);
            services_used++;
            return e;
        }
        if (e->family == fam && e->port == port && !memcmp(e->addr, addr, alen))
            return e;
    }
    return NULL;
}

/* The address a packet is keyed by: that of its service side, the endpoint a
 * SYN seen earlier went to, else the endpoint with a port below 1024, else the
 * one with the lower port, else the lower address. Peers that connect to each
 * other on the same port (BGP on 179) share one key: a service learned from a
 * SYN whose sender serves that port itself takes the sender's key, so both
 * directions' connections between the two go to one shard. Each service's key
 * is fixed when it is learned, so no connection ever changes shard. */
static const uint8_t *service_key(const flow_key_t *k, size_t alen)
{
    if (k->have_ports) {
        service_t *e;
        if (k->syn) {
            e = service_slot(k->family, k->dst, k->dport, 0);
            if (!e && (e = service_slot(k->family, k->dst, k->dport, 1)) != NULL) {
                service_t *peer = service_slot(k->family, k->src, k->dport, 0);
                memcpy(e->group, peer ? peer->group : k->dst, alen);
            }
            return e ? e->group : k->dst;
        }
        if ((e = service_slot(k->family, k->dst, k->dport, 0)) != NULL)
            return e->group;
        if ((e = service_slot(k->family, k->src, k->sport, 0)) != NULL)
            return e->group;
        if ((k->sport < 1024) != (k->dport < 1024))
            return k->sport < 1024 ? k->src : k->dst;
        if (k->sport != k->dport)
            return k->sport < k->dport ? k->src : k->dst;
    }
    return memcmp(k->src, k->dst, alen) <= 0 ? k->src : k->dst;
}

static unsigned shard_of(const flow_key_t *k, enum key_mode mode, unsigned n)
{
    if (k->family == 0)
        return 0;
    size_t alen = k->family == 4 ? 4 : 16;
    const uint8_t *a = k->src, *b = k->dst;
    uint64_t h = 14695981039346656037ULL;
    uint8_t fam = (uint8_t)k->family;
    h = fnv(h, &fam, 1);
    if (mode == KEY_SERVICE) {
        h = fnv(h, service_key(k, alen), alen);
    } else {
        if (memcmp(a, b, alen) > 0) {
            const uint8_t *t = a; a = b; b = t;
        }
        h = fnv(h, a, alen);
        h = fnv(h, b, alen);
    }
    /* fold the high bits in: the low bits of FNV alone are weak for a modulus */
    h ^= h >> 29;
    return (unsigned)(h % n);
}

typedef struct {
    char *path, *map_path;
    wtap_dumper *pdh;
    FILE *map;
    uint64_t records;
} shard_t;

static const char *prog = "rstan-split";

static void usage(void)
{
    fprintf(stderr, "usage: %s -n SHARDS [-k pair|service|auto] -o FOLDER CAPTURE\n", prog);
}

static const char *werr(int err, const gchar *err_info, char *buf, size_t len)
{
    if (err_info)
        snprintf(buf, len, "%s (%s)", wtap_strerror(err), err_info);
    else
        snprintf(buf, len, "%s", wtap_strerror(err));
    return buf;
}

int main(int argc, char **argv)
{
    unsigned nshards = 0;
    const char *outdir = NULL, *in = NULL;
    enum key_mode mode = KEY_AUTO;
    char ebuf[512];

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            char *end;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (*end || v < 1 || v > MAX_SHARDS) {
                fprintf(stderr, "%s: -n takes 1 to %d\n", prog, MAX_SHARDS);
                return EXIT_USAGE;
            }
            nshards = (unsigned)v;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            outdir = argv[++i];
        } else if (!strcmp(argv[i], "-k") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "pair")) mode = KEY_PAIR;
            else if (!strcmp(argv[i], "service")) mode = KEY_SERVICE;
            else if (!strcmp(argv[i], "auto")) mode = KEY_AUTO;
            else { usage(); return EXIT_USAGE; }
        } else if (argv[i][0] == '-' && argv[i][1]) {
            usage();
            return EXIT_USAGE;
        } else if (!in) {
            in = argv[i];
        } else {
            usage();
            return EXIT_USAGE;
        }
    }
    if (!nshards || !outdir || !in) {
        usage();
        return EXIT_USAGE;
    }

#if RSTAN_WS_46
    ws_log_init(NULL);
#else
    ws_log_init(prog, NULL);
#endif
    wtap_init(FALSE);
    int err = 0;
    gchar *err_info = NULL;
    wtap *wth = wtap_open_offline(in, WTAP_TYPE_AUTO, &err, &err_info, FALSE);
    if (!wth) {
        fprintf(stderr, "%s: cannot read %s: %s\n", prog, in,
                err == ENOENT ? "no such file" : err == EACCES ? "permission denied"
                : werr(err, err_info, ebuf, sizeof ebuf));
        g_free(err_info);
        return EXIT_DATAERR;
    }

    int type = wtap_file_type_subtype(wth);
    int pcapng = wtap_pcapng_file_type_subtype();
    /* Writing the input's own format when wiretap can (pcap stays pcap,
     * pcapng pcapng); everything else becomes pcapng. */
    const char *fmt_ext = NULL;
    if (type == wtap_pcap_file_type_subtype() || type == pcapng)
        fmt_ext = type == pcapng ? "pcapng" : "pcap";
    else {
        type = pcapng;
        fmt_ext = "pcapng";
    }
    wtap_dump_params params = WTAP_DUMP_PARAMS_INIT;
    if (type == pcapng)
        wtap_dump_params_init_no_idbs(&params, wth);
    else
        wtap_dump_params_init(&params, wth);

    shard_t *sh = g_new0(shard_t, nshards);
    int status = 0;
    for (unsigned s = 0; s < nshards && !status; s++) {
        sh[s].path = g_strdup_printf("%s/shard-%03u.%s", outdir, s, fmt_ext);
        sh[s].map_path = g_strdup_printf("%s/shard-%03u.frames", outdir, s);
        sh[s].pdh = wtap_dump_open(sh[s].path, type, WTAP_UNCOMPRESSED, &params, &err, &err_info);
        if (!sh[s].pdh) {
            fprintf(stderr, "%s: cannot create %s: %s\n", prog, sh[s].path,
                    err > 0 ? g_strerror(err) : werr(err, err_info, ebuf, sizeof ebuf));
            status = err == ENOSPC ? EXIT_IOERR : EXIT_CANTCREAT;
            break;
        }
        sh[s].map = fopen(sh[s].map_path, "wb");
        if (!sh[s].map) {
            fprintf(stderr, "%s: cannot create %s: %s\n", prog, sh[s].map_path, g_strerror(errno));
            status = errno == ENOSPC ? EXIT_IOERR : EXIT_CANTCREAT;
        }
    }

    /* The interfaces seen so far go to every shard, before the first record
     * that may name them. */
    unsigned interfaces = 0;
    if (mode == KEY_AUTO)
        mode = KEY_SERVICE;
    if (mode == KEY_SERVICE)
        services = g_new0(service_t, SERVICE_SLOTS);

    wtap_rec rec;
#if RSTAN_WS_46
    wtap_rec_init(&rec, 1514);
#define RECORD_BYTES(r) ws_buffer_start_ptr(&(r)->data)
#else
    Buffer buf;
    wtap_rec_init(&rec);
    ws_buffer_init(&buf, 1514);
#define RECORD_BYTES(r) ws_buffer_start_ptr(&buf)
#endif
    gint64 offset;
    uint64_t frame = 0;
    int read_ok = 1;
    while (!status) {
        if (type == pcapng) {
            wtap_block_t idb;
            while ((idb = wtap_get_next_interface_description(wth)) != NULL) {
                interfaces++;
                for (unsigned s = 0; s < nshards && !status; s++) {
                    if (!wtap_dump_add_idb(sh[s].pdh, idb, &err, &err_info)) {
                        fprintf(stderr, "%s: cannot write %s: %s\n", prog, sh[s].path,
                                err > 0 ? g_strerror(err) : werr(err, err_info, ebuf, sizeof ebuf));
                        status = EXIT_IOERR;
                    }
                }
            }
            if (status)
                break;
        }
#if RSTAN_WS_46
        if (!wtap_read(wth, &rec, &err, &err_info, &offset)) {
#else
        if (!wtap_read(wth, &rec, &buf, &err, &err_info, &offset)) {
#endif
            if (err != 0) {
                fprintf(stderr, "%s: %s is cut short or damaged after record %" PRIu64 ": %s\n",
                        prog, in, frame, werr(err, err_info, ebuf, sizeof ebuf));
                read_ok = 0;
            }
            break;
        }
        frame++;
        unsigned s = 0;
        if (rec.rec_type == REC_TYPE_PACKET) {
            flow_key_t k;
            size_t caplen = rec.rec_header.packet_header.caplen;
            parse_frame(rec.rec_header.packet_header.pkt_encap, RECORD_BYTES(&rec), caplen, &k);
            s = shard_of(&k, mode, nshards);
        }
#if RSTAN_WS_46
        if (!wtap_dump(sh[s].pdh, &rec, &err, &err_info)) {
#else
        if (!wtap_dump(sh[s].pdh, &rec, RECORD_BYTES(&rec), &err, &err_info)) {
#endif
            fprintf(stderr, "%s: cannot write %s (record %" PRIu64 "): %s\n", prog, sh[s].path,
                    frame, err > 0 ? g_strerror(err) : werr(err, err_info, ebuf, sizeof ebuf));
            status = EXIT_IOERR;
            break;
        }
        uint8_t le[8];
        for (int i = 0; i < 8; i++)
            le[i] = (uint8_t)(frame >> (8 * i));
        if (fwrite(le, 8, 1, sh[s].map) != 1) {
            fprintf(stderr, "%s: cannot write %s: %s\n", prog, sh[s].map_path, g_strerror(errno));
            status = EXIT_IOERR;
            break;
        }
        sh[s].records++;
        wtap_rec_reset(&rec);
    }
    g_free(err_info);
    err_info = NULL;

    for (unsigned s = 0; s < nshards; s++) {
        if (sh[s].pdh && !wtap_dump_close(sh[s].pdh, NULL, &err, &err_info)) {
            if (!status) {
                fprintf(stderr, "%s: cannot write %s: %s\n", prog, sh[s].path,
                        err > 0 ? g_strerror(err) : werr(err, err_info, ebuf, sizeof ebuf));
                status = EXIT_IOERR;
            }
            g_free(err_info);
            err_info = NULL;
        }
        if (sh[s].map && fclose(sh[s].map) != 0 && !status) {
            fprintf(stderr, "%s: cannot write %s: %s\n", prog, sh[s].map_path, g_strerror(errno));
            status = EXIT_IOERR;
        }
        g_free(sh[s].path);
        g_free(sh[s].map_path);
    }
    g_free(sh);
    wtap_rec_cleanup(&rec);
#if !RSTAN_WS_46
    ws_buffer_free(&buf);
#endif
    wtap_dump_params_cleanup(&params);
    wtap_close(wth);
    g_free(services);
    if (!status && !read_ok)
        status = EXIT_DATAERR;
    if (!status)
        printf("records %" PRIu64 " shards %u key %s interfaces %u\n", frame, nshards,
               mode == KEY_SERVICE ? "service" : "pair", interfaces);
    return status;
}
