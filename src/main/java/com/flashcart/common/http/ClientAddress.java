package com.flashcart.common.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a request came from, as the load balancer saw it. A proxy appends the address it received a
 * request from to {@code X-Forwarded-For} (haproxy's {@code option forwardfor}, the ALB), after whatever the
 * client wrote there itself. So only the entries added by trusted proxies can be believed: starting from the
 * connection's peer and walking the header from the right, the first address that is not a trusted proxy is the
 * client. Everything left of it was written by the client and is ignored — a client cannot choose its own
 * address, nor name someone else's to lock them out.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<Range> trusted;

    /** {@code trustedProxies}: addresses or CIDR ranges ("10.20.0.0/16", "127.0.0.1", "::1", "fd00::/8"). */
    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).map(Range::parse)
                .toList();
    }

    /**
     * The client's address: {@code peer} itself unless it is a trusted proxy, else the rightmost entry of the
     * {@code X-Forwarded-For} values (in the order the headers came) that is not a trusted proxy; when every
     * entry is a trusted proxy, the leftmost.
     */
    public String of(String peer, List<String> forwardedFor) {
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String entry : header.split(",")) {
                if (!entry.isBlank()) {
                    hops.add(entry.strip());
                }
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!isTrusted(hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    public boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The bytes of an IP address literal, or null for anything else (never a name lookup). */
    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(address).matches() && !(address.contains(":") && address.matches("[0-9A-Fa-f:.]+"))) {
            return null;
        }
        try {
            // a literal is parsed, not looked up
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("Not an address or CIDR range: " + cidr);
            }
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("Prefix out of range: " + cidr);
            }
            return new Range(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int drop = network.length * 8 - prefix;
            return new BigInteger(1, address).shiftRight(drop).equals(new BigInteger(1, network).shiftRight(drop));
        }
    }
}
