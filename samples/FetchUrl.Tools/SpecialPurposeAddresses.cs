using System.Net;
using System.Net.Sockets;

namespace FetchUrlAssistant;

/// <summary>Why an address is not a public internet address: the special-purpose range it falls in, the document that
/// defines the range, and, for an IPv6 form that carries an IPv4 address, that address.</summary>
/// <param name="Range">The range in CIDR notation, e.g. <c>169.254.0.0/16</c>.</param>
/// <param name="Name">The range's name as the IANA registry gives it, e.g. <c>Link Local</c>.</param>
/// <param name="Source">The RFC that defines it, e.g. <c>RFC 3927</c>.</param>
/// <param name="Embedded">The IPv4 address an IPv6 form carries (IPv4-mapped, IPv4-compatible, NAT64, 6to4, Teredo),
/// when the refusal is about that address; otherwise <see langword="null"/>.</param>
public sealed record BlockedRange(string Range, string Name, string Source, IPAddress? Embedded = null)
{
    /// <summary>The clause that follows "is" in a refusal: <c>in 169.254.0.0/16 (Link Local, RFC 3927)</c>, or for an
    /// embedded address <c>an IPv6 form of 169.254.169.254, which is in 169.254.0.0/16 (Link Local, RFC 3927)</c>.</summary>
    /// <returns>The clause.</returns>
    public string Describe()
    {
        var where = Range.StartsWith("outside", StringComparison.Ordinal) ? $"{Range} ({Name}, {Source})" : $"in {Range} ({Name}, {Source})";
        return Embedded is null ? where : $"an IPv6 form of {Embedded}, which is {where}";
    }
}

/// <summary>
/// The one table of addresses a fetch tool must not reach: every entry of IANA's IPv4 and IPv6 Special-Purpose Address
/// Registries (<see href="https://www.iana.org/assignments/iana-ipv4-special-registry/"/>,
/// <see href="https://www.iana.org/assignments/iana-ipv6-special-registry/"/>, RFC 6890), whether the registry marks
/// it globally reachable or not, plus multicast (RFC 5771, RFC 4291), IPv6 site-local (RFC 3879), and all IPv6 space
/// outside global unicast <c>2000::/3</c> (IANA IPv6 Address Space registry).
/// </summary>
/// <remarks>
/// IPv6 forms that carry an IPv4 address are unwrapped: an IPv4-mapped address (<c>::ffff:a.b.c.d</c>) and one in the
/// well-known NAT64 prefix (<c>64:ff9b::/96</c>, RFC 6052) are judged as the IPv4 address they carry, since that is
/// where a packet ends up. The other carriers (IPv4-compatible <c>::a.b.c.d</c>, <c>::ffff:0:a.b.c.d</c>, local-use
/// NAT64 <c>64:ff9b:1::/48</c>, 6to4 <c>2002::/16</c>, Teredo <c>2001::/32</c>) are special-purpose ranges themselves
/// and always refused; when the IPv4 address they carry is blocked too, the refusal names it.
/// </remarks>
public static class SpecialPurposeAddresses
{
    private static readonly Entry[] V4 =
    [
        new("0.0.0.0/8", "This network", "RFC 791"),
        new("0.0.0.0/32", "This host on this network", "RFC 1122"),
        new("10.0.0.0/8", "Private-Use", "RFC 1918"),
        new("100.64.0.0/10", "Shared Address Space", "RFC 6598"),
        new("127.0.0.0/8", "Loopback", "RFC 1122"),
        new("169.254.0.0/16", "Link Local", "RFC 3927"),
        new("172.16.0.0/12", "Private-Use", "RFC 1918"),
        new("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890"),
        new("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335"),
        new("192.0.0.8/32", "IPv4 dummy address", "RFC 7600"),
        new("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723"),
        new("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155"),
        new("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880"),
        new("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880"),
        new("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737"),
        new("192.31.196.0/24", "AS112-v4", "RFC 7535"),
        new("192.52.193.0/24", "AMT", "RFC 7450"),
        new("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526"),
        new("192.168.0.0/16", "Private-Use", "RFC 1918"),
        new("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534"),
        new("198.18.0.0/15", "Benchmarking", "RFC 2544"),
        new("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737"),
        new("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737"),
        new("224.0.0.0/4", "Multicast", "RFC 5771"),
        new("240.0.0.0/4", "Reserved", "RFC 1112"),
        new("255.255.255.255/32", "Limited Broadcast", "RFC 919"),
    ];

    private static readonly Entry[] V6 =
    [
        new("::/128", "Unspecified Address", "RFC 4291"),
        new("::1/128", "Loopback Address", "RFC 4291"),
        new("::/96", "IPv4-Compatible (deprecated)", "RFC 4291", Carrier.LastFour),
        new("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", Carrier.LastFourJudgedAsIPv4),
        new("::ffff:0:0:0/96", "IPv4-translated Address", "RFC 2765", Carrier.LastFour),
        new("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", Carrier.LastFourJudgedAsIPv4),
        new("64:ff9b:1::/48", "IPv4-IPv6 Translat. (local-use)", "RFC 8215", Carrier.LastFour),
        new("100::/64", "Discard-Only Address Block", "RFC 6666"),
        new("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780"),
        new("2001::/23", "IETF Protocol Assignments", "RFC 2928"),
        new("2001::/32", "TEREDO", "RFC 4380", Carrier.Teredo),
        new("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723"),
        new("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155"),
        new("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665"),
        new("2001:2::/48", "Benchmarking", "RFC 5180"),
        new("2001:3::/32", "AMT", "RFC 7450"),
        new("2001:4:112::/48", "AS112-v6", "RFC 7535"),
        new("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843"),
        new("2001:20::/28", "ORCHIDv2", "RFC 7343"),
        new("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374"),
        new("2001:db8::/32", "Documentation", "RFC 3849"),
        new("2002::/16", "6to4", "RFC 3056", Carrier.SixToFour),
        new("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534"),
        new("3fff::/20", "Documentation", "RFC 9637"),
        new("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602"),
        new("fc00::/7", "Unique-Local", "RFC 4193"),
        new("fe80::/10", "Link-Local Unicast", "RFC 4291"),
        new("fec0::/10", "Site-Local (deprecated)", "RFC 3879"),
        new("ff00::/8", "Multicast", "RFC 4291"),
    ];

    /// <summary>The blocked IPv4 ranges, in registry order (the tests draw addresses from each).</summary>
    public static IReadOnlyList<IPNetwork> IPv4Ranges { get; } = V4.Select(e => e.Network).ToArray();

    /// <summary>The blocked IPv6 ranges, in registry order, not counting the space outside <c>2000::/3</c>.</summary>
    public static IReadOnlyList<IPNetwork> IPv6Ranges { get; } = V6.Select(e => e.Network).ToArray();

    /// <summary>Finds the special-purpose range an address is in.</summary>
    /// <param name="address">An IPv4 or IPv6 address (an IPv6 scope id is ignored).</param>
    /// <returns>The most specific blocked range holding <paramref name="address"/> (for a carrier form, the range of
    /// the IPv4 address it carries when that one is blocked), or <see langword="null"/> for a public internet
    /// address.</returns>
    public static BlockedRange? Find(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Match(V4, address) is { } v4 ? v4.ToBlocked() : null;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return new BlockedRange(address.AddressFamily.ToString(), "Not an internet address", "RFC 791");
        }

        if (Match(V6, address) is not { } entry)
        {
            return (address.GetAddressBytes()[0] & 0xE0) == 0x20
                ? null
                : new BlockedRange("outside 2000::/3", "Not global unicast", "RFC 4291");
        }

        if (entry.Carries == Carrier.None)
        {
            return entry.ToBlocked();
        }

        var embedded = Embedded(address, entry.Carries);
        var inner = Match(V4, embedded);
        return entry.Carries == Carrier.LastFourJudgedAsIPv4
            ? inner is null ? null : inner.ToBlocked() with { Embedded = embedded }
            : inner is null ? entry.ToBlocked() : inner.ToBlocked() with { Embedded = embedded };
    }

    /// <summary>The IPv4 address an IPv6 carrier form holds.</summary>
    private static IPAddress Embedded(IPAddress address, Carrier carrier)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return carrier switch
        {
            // 6to4 (RFC 3056): 2002:AABB:CCDD::/48 carries AA.BB.CC.DD in bits 16-47.
            Carrier.SixToFour => new IPAddress(bytes.Slice(2, 4)),

            // Teredo (RFC 4380 section 4): the client's address is the last 32 bits, each bit inverted.
            Carrier.Teredo => new IPAddress(BitConverter.GetBytes(~BitConverter.ToUInt32(bytes[12..]))),
            _ => new IPAddress(bytes[12..]),
        };
    }

    private static Entry? Match(Entry[] table, IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        Entry? best = null;
        foreach (var entry in table)
        {
            if (entry.Contains(bytes[..length]) && (best is null || entry.PrefixLength > best.PrefixLength))
            {
                best = entry;
            }
        }

        return best;
    }

    private enum Carrier
    {
        None,
        LastFour,
        LastFourJudgedAsIPv4,
        SixToFour,
        Teredo,
    }

    private sealed record Entry(string Range, string Name, string Source, Carrier Carries = Carrier.None)
    {
        private readonly byte[] _prefix = IPNetwork.Parse(Range).BaseAddress.GetAddressBytes();

        public IPNetwork Network { get; } = IPNetwork.Parse(Range);

        public int PrefixLength => Network.PrefixLength;

        // Compared bit by bit rather than with IPNetwork.Contains, which treats IPv4-mapped IPv6 addresses as IPv4.
        public bool Contains(ReadOnlySpan<byte> address)
        {
            if (address.Length != _prefix.Length)
            {
                return false;
            }

            var whole = PrefixLength / 8;
            if (!address[..whole].SequenceEqual(_prefix.AsSpan(0, whole)))
            {
                return false;
            }

            var rest = PrefixLength % 8;
            var mask = (byte)(0xFF << (8 - rest));
            return rest == 0 || (address[whole] & mask) == (_prefix[whole] & mask);
        }

        public BlockedRange ToBlocked() => new(Range, Name, Source);
    }
}
