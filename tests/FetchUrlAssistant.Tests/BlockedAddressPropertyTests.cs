using System.Net;
using CsCheck;

namespace FetchUrlAssistant.Tests;

/// <summary>Random addresses inside every blocked range, written in every form a URL can carry them in, are refused by
/// the tool's check and by the handler at connect time, and nothing is ever connected to.</summary>
public class BlockedAddressPropertyTests
{
    // These two carry a public IPv4 address legitimately; the IPv4 test covers them with blocked addresses inside.
    private static readonly IPNetwork[] JudgedAsIPv4 = [IPNetwork.Parse("::ffff:0:0/96"), IPNetwork.Parse("64:ff9b::/96")];

    private static readonly IPNetwork[] BlockedIPv6Ranges = SpecialPurposeAddresses.IPv6Ranges.Where(r => !JudgedAsIPv4.Contains(r)).ToArray();

    private static readonly Gen<IPAddress> BlockedIPv4 =
        from range in Gen.Int[0, SpecialPurposeAddresses.IPv4Ranges.Count - 1].Select(i => SpecialPurposeAddresses.IPv4Ranges[i])
        from bits in Gen.UInt
        select Inside(range, BitConverter.GetBytes(bits));

    private static readonly Gen<IPAddress> BlockedIPv6 =
        from range in Gen.Int[0, BlockedIPv6Ranges.Length - 1].Select(i => BlockedIPv6Ranges[i])
        from bytes in Gen.Byte.Array[16]
        select Inside(range, bytes);

    /// <summary>The host part of a URL for an IPv4 address: dotted, one number, hex, octal, and each IPv6 carrier.</summary>
    private static readonly Func<IPAddress, string>[] IPv4Forms =
    [
        a => a.ToString(),
        a => Number(a).ToString(System.Globalization.CultureInfo.InvariantCulture),
        a => "0x" + Number(a).ToString("x", System.Globalization.CultureInfo.InvariantCulture),
        a => string.Join('.', a.GetAddressBytes().Select(b => "0" + Convert.ToString(b, 8))),
        a => $"[::ffff:{a}]",
        a => $"[::ffff:{Hex(a)}]",
        a => $"[::{a}]",
        a => $"[::ffff:0:{a}]",
        a => $"[64:ff9b::{a}]",
        a => $"[64:ff9b:1::{a}]",
        a => $"[2002:{Hex(a)}::1]",
        a => $"[2001:0:4136:e378:8000:63bf:{Hex(Inverted(a))}]",
    ];

    /// <summary>An IPv6 address as a URL may write it: compressed, all eight groups with leading zeros, upper case.</summary>
    private static readonly Func<IPAddress, string>[] IPv6Forms =
    [
        a => a.ToString(),
        a => string.Join(':', Groups(a).Select(g => g.ToString("x4", System.Globalization.CultureInfo.InvariantCulture))),
        a => a.ToString().ToUpperInvariant(),
    ];

    [Fact]
    public async Task Every_form_of_a_blocked_ipv4_address_is_refused_before_any_connection()
    {
        var (policy, http, connections) = Guard();
        using (http)
        {
            await Gen.Select(BlockedIPv4, Gen.Int[0, IPv4Forms.Length - 1]).SampleAsync(async sample =>
            {
                var (address, form) = sample;
                var url = new Uri($"http://{IPv4Forms[form](address)}/latest/meta-data/");
                await AssertRefusedAsync(policy, http, url);
            }, iter: 600);
        }

        Assert.Empty(connections.Opened);
    }

    [Fact]
    public async Task Every_form_of_a_blocked_ipv6_address_is_refused_before_any_connection()
    {
        var (policy, http, connections) = Guard();
        using (http)
        {
            await Gen.Select(BlockedIPv6, Gen.Int[0, IPv6Forms.Length - 1]).SampleAsync(async sample =>
            {
                var (address, form) = sample;
                var url = new Uri($"http://[{IPv6Forms[form](address)}]:8080/");
                await AssertRefusedAsync(policy, http, url);
            }, iter: 400);
        }

        Assert.Empty(connections.Opened);
    }

    private static async Task AssertRefusedAsync(PublicAddressPolicy policy, HttpClient http, Uri url)
    {
        Assert.True(policy.Check(url) is not null, $"the tool's check let {url} through");
        var exception = await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(url));
        Assert.True(exception is DestinationRefusedException || exception.InnerException is DestinationRefusedException, $"{url}: {exception}");
    }

    private static (PublicAddressPolicy, HttpClient, PublicAddressPolicyTests.Connections) Guard()
    {
        var connections = new PublicAddressPolicyTests.Connections();
        var policy = new PublicAddressPolicy([], resolve: (host, _) => throw new InvalidOperationException($"{host} is not an address literal."), connect: connections.Refuse);
        return (policy, new HttpClient(policy.CreateHandler()), connections);
    }

    /// <summary>The range's prefix with the host bits taken from <paramref name="random"/>.</summary>
    private static IPAddress Inside(IPNetwork range, byte[] random)
    {
        var prefix = range.BaseAddress.GetAddressBytes();
        var result = new byte[prefix.Length];
        for (var i = 0; i < prefix.Length; i++)
        {
            var prefixBits = Math.Clamp(range.PrefixLength - (i * 8), 0, 8);
            var mask = (byte)(0xFF << (8 - prefixBits));
            result[i] = (byte)((prefix[i] & mask) | (random[i % random.Length] & ~mask));
        }

        return new IPAddress(result);
    }

    private static IEnumerable<int> Groups(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return Enumerable.Range(0, 8).Select(i => (b[2 * i] << 8) | b[(2 * i) + 1]);
    }

    private static uint Number(IPAddress address) => (uint)IPAddress.NetworkToHostOrder(BitConverter.ToInt32(address.GetAddressBytes()));

    private static string Hex(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return $"{(b[0] << 8) | b[1]:x}:{(b[2] << 8) | b[3]:x}";
    }

    private static IPAddress Inverted(IPAddress address) => new(address.GetAddressBytes().Select(b => (byte)~b).ToArray());
}
