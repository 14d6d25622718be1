using System.Globalization;
using System.Text.Json.Nodes;
using Lamina.Consensus;
using Lamina.Core.Codec;
using Lamina.Core.Crypto;
using Lamina.Core.Merkle;
using Lamina.Core;
using Lamina.L1.State;
using Lamina.Client;
using Lamina.Node.Tests.Support;

namespace Lamina.Node.Tests;

/// <summary>Every l1_* method against a live node, checked against what the chain must say.</summary>
public sealed class RpcMethodTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static UInt128 Amount(JsonNode? n) => UInt128.Parse(n!.GetValue<string>(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task ChainId_is_the_genesis_chain_id()
    {
        Assert.Equal(TestHome.ChainId, (await node.CallAsync("l1_chainId"))!.GetValue<string>());
    }

    [Fact]
    public async Task Head_grows_is_final_and_matches_the_block_at_its_height()
    {
        var first = (await node.CallAsync("l1_head"))!;
        var h0 = first["height"]!.GetValue<ulong>();
        await node.WaitForHeightAsync(h0 + 3);

        var head = (await node.CallAsync("l1_head"))!;
        var height = head["height"]!.GetValue<ulong>();
        Assert.True(height >= h0 + 3);
        Assert.Equal(height, head["finalizedHeight"]!.GetValue<ulong>());
        Assert.True(head["time"]!.GetValue<ulong>() > first["time"]!.GetValue<ulong>(), "block time must advance");

        var block = (await node.CallAsync("l1_getBlock", height))!;
        Assert.Equal(head["hash"]!.GetValue<string>(), block["hash"]!.GetValue<string>());
        Assert.Equal(height, block["height"]!.GetValue<ulong>());
        Assert.Equal(node.Home.Validator.Address.ToString(), block["proposer"]!.GetValue<string>());

        // The chain links: each block's previousHash is its parent's hash.
        var parent = (await node.CallAsync("l1_getBlock", height - 1))!;
        Assert.Equal(parent["hash"]!.GetValue<string>(), block["previousHash"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetBlock_by_height_and_by_hash_agree_and_unknown_blocks_are_not_found()
    {
        var height = await node.WaitForHeightAsync(2);
        var byHeight = (await node.CallAsync("l1_getBlock", height))!;
        var byHash = (await node.CallAsync("l1_getBlock", byHeight["hash"]!.GetValue<string>()))!;
        Assert.Equal(byHeight.ToJsonString(), byHash.ToJsonString());

        // Height as a decimal string and named parameters are accepted too.
        var byString = (await node.RequestAsync("l1_getBlock", new JsonObject { ["block"] = height.ToString(CultureInfo.InvariantCulture) }))["result"]!;
        Assert.Equal(byHeight.ToJsonString(), byString.ToJsonString());

        var genesis = (await node.CallAsync("l1_getBlock", 0))!;
        Assert.Equal(0UL, genesis["height"]!.GetValue<ulong>());
        // The genesis block points at the genesis file's digest.
        var genesisFileHash = Lamina.L1.Genesis.GenesisConfig.Load(Path.Combine(node.Home.Path, "genesis.json")).Hash();
        Assert.Equal(node.Home.Genesis.Hash(), genesisFileHash);
        Assert.Equal(genesisFileHash.ToString(), genesis["previousHash"]!.GetValue<string>());
        Assert.Null(genesis["lastCommit"]);

        await node.CallErrorAsync(RpcErrorCodes.NotFound, "l1_getBlock", 1_000_000_000);
        await node.CallErrorAsync(RpcErrorCodes.NotFound, "l1_getBlock", Hash256.Zero.ToString());
    }

    [Fact]
    public async Task GetAccount_returns_genesis_balances_at_any_height()
    {
        var key = node.Home.Funded[0];
        var account = (await node.CallAsync("l1_getAccount", key.Address.ToString()))!;
        Assert.Equal(key.Address.ToString(), account["address"]!.GetValue<string>());
        Assert.Equal(TestHome.FundedBalance, Amount(account["balance"]));
        Assert.Equal(0UL, account["nonce"]!.GetValue<ulong>());
        Assert.Equal(0UL, account["pendingNonce"]!.GetValue<ulong>());

        var atGenesis = (await node.CallAsync("l1_getAccount", key.Address.ToString(), 0))!;
        Assert.Equal(0UL, atGenesis["height"]!.GetValue<ulong>());
        Assert.Equal(TestHome.FundedBalance, Amount(atGenesis["balance"]));

        var empty = (await node.CallAsync("l1_getAccount", node.Home.Unfunded.Address.ToString()))!;
        Assert.Equal(UInt128.Zero, Amount(empty["balance"]));
        Assert.Equal(0UL, empty["nonce"]!.GetValue<ulong>());

        // Named parameters.
        var named = (await node.RequestAsync("l1_getAccount", new JsonObject { ["address"] = key.Address.ToString() }))["result"]!;
        Assert.Equal(TestHome.FundedBalance, Amount(named["balance"]));

        await node.CallErrorAsync(RpcErrorCodes.NotFound, "l1_getAccount", key.Address.ToString(), 1_000_000_000);
    }

    [Fact]
    public async Task GetAccountProof_verifies_against_the_block_state_root()
    {
        var key = node.Home.Funded[1];
        var height = await node.WaitForHeightAsync(1);
        var proofJson = (await node.CallAsync("l1_getAccountProof", key.Address.ToString(), height))!;
        var block = (await node.CallAsync("l1_getBlock", height))!;

        Assert.Equal(block["stateRoot"]!.GetValue<string>(), proofJson["stateRoot"]!.GetValue<string>());
        Assert.Equal(block["hash"]!.GetValue<string>(), proofJson["blockHash"]!.GetValue<string>());
        Assert.True(proofJson["present"]!.GetValue<bool>());
        Assert.Equal(StateKeys.Account(key.Address).ToString(), proofJson["key"]!.GetValue<string>());

        var root = Hash256.Parse(proofJson["stateRoot"]!.GetValue<string>());
        var proof = Canonical.Decode<SmtProof>(Hex.Decode(proofJson["proof"]!.GetValue<string>()));
        var value = Hex.Decode(proofJson["value"]!.GetValue<string>());
        Assert.Equal(new Account(TestHome.FundedBalance, 0), Canonical.Decode<Account>(value));
        proof.Verify(root, StateKeys.Account(key.Address), value, present: true);

        // The proof binds the value: another balance does not verify.
        var forged = Canonical.Encode(new Account(TestHome.FundedBalance + 1, 0));
        Assert.Throws<InvalidMerkleProofException>(() => proof.Verify(root, StateKeys.Account(key.Address), forged, present: true));

        // An absent account gets a proof of absence.
        var absentJson = (await node.CallAsync("l1_getAccountProof", node.Home.Unfunded.Address.ToString(), height))!;
        Assert.False(absentJson["present"]!.GetValue<bool>());
        Assert.Null(absentJson["value"]);
        var absent = Canonical.Decode<SmtProof>(Hex.Decode(absentJson["proof"]!.GetValue<string>()));
        absent.Verify(Hash256.Parse(absentJson["stateRoot"]!.GetValue<string>()), StateKeys.Account(node.Home.Unfunded.Address), [], present: false);
        Assert.Throws<InvalidMerkleProofException>(() => absent.Verify(root, StateKeys.Account(node.Home.Unfunded.Address), value, present: true));
    }

    [Fact]
    public async Task SendTransaction_goes_from_pending_to_included_with_a_receipt_and_moves_the_money()
    {
        var mark = node.Logs.Mark();
        var sender = node.Home.Funded[2];
        var recipient = TestHome.RandomAddress();
        var amount = (UInt128)123_456_789;
        const ulong maxFee = 10_000, tip = 3;
        var tx = TestHome.Transfer(sender, 0, recipient, amount, maxFee, tip);
        var hash = tx.Hash.ToString();

        // Submit and look it up in one batch, so the lookup runs microseconds after admission, before a block can take it.
        var batch = new JsonArray
        {
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "l1_sendTransaction", ["params"] = new JsonArray(Hex.Encode(tx.Encoded)) },
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "l1_getTransaction", ["params"] = new JsonArray(hash) },
            new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 3, ["method"] = "l1_getAccount", ["params"] = new JsonArray(sender.Address.ToString()) },
        };
        var (status, body, _) = await node.PostRawAsync(batch.ToJsonString());
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        var responses = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(hash, responses[0]!["result"]!.GetValue<string>());
        var early = responses[1]!["result"]!;
        Assert.Equal(hash, early["hash"]!.GetValue<string>());
        Assert.Equal("pending", early["status"]!.GetValue<string>());
        Assert.Equal(1UL, responses[2]!["result"]!["pendingNonce"]!.GetValue<ulong>());

        var included = await node.WaitIncludedAsync(hash);
        var height = included["blockHeight"]!.GetValue<ulong>();
        var block = (await node.CallAsync("l1_getBlock", height, true))!;
        Assert.Equal(block["hash"]!.GetValue<string>(), included["blockHash"]!.GetValue<string>());
        Assert.Equal(sender.Address.ToString(), included["from"]!.GetValue<string>());
        Assert.Equal(recipient.ToString(), included["to"]!.GetValue<string>());
        Assert.Equal(amount, Amount(included["amount"]));
        Assert.Equal("transfer", included["kind"]!.GetValue<string>());
        Assert.Equal(0UL, included["nonce"]!.GetValue<ulong>());

        var baseFee = block["baseFeePerGas"]!.GetValue<ulong>();
        var tipPerGas = Math.Min(tip, maxFee - baseFee);
        var receipt = included["receipt"]!;
        Assert.Equal("success", receipt["status"]!.GetValue<string>());
        Assert.Equal(21_000UL, receipt["gasUsed"]!.GetValue<ulong>());
        Assert.Equal(baseFee + tipPerGas, receipt["effectiveGasPrice"]!.GetValue<ulong>());
        Assert.Equal((UInt128)21_000 * baseFee, Amount(receipt["burned"]));
        Assert.Equal((UInt128)21_000 * tipPerGas, Amount(receipt["tip"]));

        // The full block carries the transaction as an object; the hash-only form lists its hash.
        var index = (int)included["index"]!.GetValue<uint>();
        var inBlock = block["transactions"]!.AsArray()[index]!;
        Assert.Equal(hash, inBlock["hash"]!.GetValue<string>());
        Assert.Equal(recipient.ToString(), inBlock["to"]!.GetValue<string>());
        Assert.Equal(tx.Size, inBlock["size"]!.GetValue<int>());
        var hashes = (await node.CallAsync("l1_getBlock", height, false))!["transactions"]!.AsArray();
        Assert.Equal(hash, hashes[index]!.GetValue<string>());

        // Money moved: the recipient has the amount, the sender paid amount + burned + tip, the nonce advanced.
        Assert.Equal(amount, await node.BalanceAsync(recipient, height));
        Assert.Equal(TestHome.FundedBalance - amount - (UInt128)21_000 * (baseFee + tipPerGas), await node.BalanceAsync(sender.Address, height));
        Assert.Equal(TestHome.FundedBalance, await node.BalanceAsync(sender.Address, height - 1));
        var account = (await node.CallAsync("l1_getAccount", sender.Address.ToString()))!;
        Assert.Equal(1UL, account["nonce"]!.GetValue<ulong>());
        Assert.True(included["finalized"]!.GetValue<bool>());

        Assert.Null(await node.CallAsync("l1_getTransaction", Hash256.Zero.ToString()));
        node.AssertNoErrorsLogged(mark);
    }

    [Fact]
    public async Task GetCommit_is_signed_by_the_validator_over_the_block_hash()
    {
        var height = await node.WaitForHeightAsync(2);
        var commit = (await node.CallAsync("l1_getCommit", height))!;
        var block = (await node.CallAsync("l1_getBlock", height))!;
        Assert.Equal(height, commit["height"]!.GetValue<ulong>());
        Assert.Equal(block["hash"]!.GetValue<string>(), commit["blockHash"]!.GetValue<string>());
        var signature = Assert.Single(commit["signatures"]!.AsArray())!;
        Assert.Equal(node.Home.Validator.Address.ToString(), signature["validator"]!.GetValue<string>());

        var signBytes = Commit.PrecommitSignBytes(TestHome.ChainId, height, commit["round"]!.GetValue<uint>(), Hash256.Parse(block["hash"]!.GetValue<string>()));
        var sig = new Signature(Hex.Decode(signature["signature"]!.GetValue<string>()));
        Assert.True(Ed25519.Verify(node.Home.Validator.PublicKey, signBytes, sig), "commit signature does not verify");

        // The next block carries this commit as its lastCommit.
        await node.WaitForHeightAsync(height + 1);
        var next = (await node.CallAsync("l1_getBlock", height + 1))!;
        Assert.Equal(commit.ToJsonString(), next["lastCommit"]!.ToJsonString());

        // Without a height: the head's commit. Above the head: not found.
        var headCommit = (await node.CallAsync("l1_getCommit"))!;
        Assert.True(headCommit["height"]!.GetValue<ulong>() >= height + 1);
        await node.CallErrorAsync(RpcErrorCodes.NotFound, "l1_getCommit", 1_000_000_000);
    }

    [Fact]
    public async Task Validators_FeeInfo_and_Mempool_describe_the_chain()
    {
        var validators = (await node.CallAsync("l1_validators"))!;
        var only = Assert.Single(validators["validators"]!.AsArray())!;
        Assert.Equal(node.Home.Validator.Address.ToString(), only["address"]!.GetValue<string>());
        Assert.Equal(node.Home.Validator.PublicKey.ToString(), only["publicKey"]!.GetValue<string>());
        Assert.Equal(100UL, only["power"]!.GetValue<ulong>());
        Assert.Equal(100UL, validators["totalPower"]!.GetValue<ulong>());
        Assert.Equal(node.Home.Genesis.Validators.Hash.ToString(), validators["hash"]!.GetValue<string>());

        var fees = (await node.CallAsync("l1_feeInfo"))!;
        var baseFee = fees["baseFeePerGas"]!.GetValue<ulong>();
        Assert.InRange(baseFee, 1UL, 1_000UL);
        Assert.Equal(1UL, fees["minTipPerGas"]!.GetValue<ulong>());
        Assert.Equal(21_000UL, fees["transferGas"]!.GetValue<ulong>());

        // An idle chain halves its base fee quickly (EIP-1559 falls 1/8 per empty block) down to the floor of 1.
        await Wait.UntilAsync(async () => (await node.CallAsync("l1_feeInfo"))!["baseFeePerGas"]!.GetValue<ulong>(), f => f < 1_000,
            "the base fee to fall on an idle chain");

        var mempool = (await node.CallAsync("l1_mempool"))!;
        Assert.True(mempool["count"]!.GetValue<int>() >= 0);
        Assert.True(mempool["bytes"]!.GetValue<long>() >= 0);
    }

    [Fact]
    public async Task Mempool_counts_pending_transactions_until_a_block_takes_them()
    {
        var sender = node.Home.Funded[3];
        var txs = Enumerable.Range(0, 5).Select(i => TestHome.Transfer(sender, (ulong)i, TestHome.RandomAddress(), 1)).ToList();
        var batch = new JsonArray();
        foreach (var tx in txs) batch.Add(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = batch.Count, ["method"] = "l1_sendTransaction", ["params"] = new JsonArray(Hex.Encode(tx.Encoded)) });
        batch.Add(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = "m", ["method"] = "l1_mempool" });
        var (_, body, _) = await node.PostRawAsync(batch.ToJsonString());
        var responses = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(6, responses.Count);
        for (var i = 0; i < 5; i++) Assert.Equal(txs[i].Hash.ToString(), responses[i]!["result"]!.GetValue<string>());
        var mempool = responses[5]!["result"]!;
        Assert.True(mempool["count"]!.GetValue<int>() >= 1, $"mempool right after admission: {mempool.ToJsonString()}");
        Assert.True(mempool["bytes"]!.GetValue<long>() >= txs[0].Size);

        foreach (var tx in txs) await node.WaitIncludedAsync(tx.Hash.ToString());
        await Wait.UntilAsync(async () => (await node.CallAsync("l1_mempool"))!["count"]!.GetValue<int>(), c => c == 0, "the mempool to drain");
        Assert.Equal(5UL, (await node.CallAsync("l1_getAccount", sender.Address.ToString()))!["nonce"]!.GetValue<ulong>());
    }
}
