using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace LandMap.Core.Cql2;

/// <summary>
/// A recursive-descent parser for cql2-text, written against the BNF of OGC 21-065 (CQL2 1.0) for the classes LandMap
/// serves: Basic CQL2, Advanced Comparison Operators (LIKE, BETWEEN, IN), Case-insensitive Comparison, and
/// Basic Spatial Functions with the full set of spatial operators (WKT and BBOX literals). Temporal, array and arithmetic
/// operators are refused by name. Every error says where (1-based position) and what was expected.
/// </summary>
public static class Cql2TextParser
{
    /// <summary>Filters longer than this are refused before parsing (a query string, not a document).</summary>
    public const int MaxLength = 20_000;

    /// <summary>Nesting deeper than this is refused, so a hostile filter cannot exhaust the stack.</summary>
    public const int MaxDepth = 100;

    public static Cql2Expression Parse(string text)
    {
        if (text.Length > MaxLength) throw new Cql2Exception($"the filter is {text.Length} characters long; at most {MaxLength} are read");
        var parser = new Parser(new Cql2Lexer(text));
        var expression = parser.Expression(0);
        var end = parser.Lexer.Next();
        if (end.Kind != TokenKind.End)
            throw new Cql2Exception($"at position {end.Position}: expected AND, OR or the end of the filter, found {end.Describe()}", end.Position);
        return expression;
    }

    private sealed class Parser(Cql2Lexer lexer)
    {
        private static readonly WKTReader Wkt = new();

        public Cql2Lexer Lexer => lexer;

        public Cql2Expression Expression(int depth)
        {
            if (depth > MaxDepth) throw new Cql2Exception($"the filter nests deeper than {MaxDepth} levels");
            var terms = new List<Cql2Expression> { Term(depth) };
            while (lexer.Peek().IsWord("OR")) { lexer.Next(); terms.Add(Term(depth)); }
            return terms.Count == 1 ? terms[0] : new Cql2Logical(Cql2LogicalOp.Or, terms);
        }

        private Cql2Expression Term(int depth)
        {
            var factors = new List<Cql2Expression> { Factor(depth) };
            while (lexer.Peek().IsWord("AND")) { lexer.Next(); factors.Add(Factor(depth)); }
            return factors.Count == 1 ? factors[0] : new Cql2Logical(Cql2LogicalOp.And, factors);
        }

        private Cql2Expression Factor(int depth)
        {
            if (!lexer.Peek().IsWord("NOT")) return Primary(depth);
            lexer.Next();
            return new Cql2Not(Primary(depth));
        }

        private Cql2Expression Primary(int depth)
        {
            var token = lexer.Peek();
            if (token.Kind == TokenKind.LParen)
            {
                lexer.Next();
                var inner = Expression(depth + 1);
                Expect(TokenKind.RParen, "')'");
                return inner;
            }
            if (token.Kind == TokenKind.Word && Cql2Names.Spatial.TryGetValue(token.Text, out var spatial))
            {
                lexer.Next();
                Expect(TokenKind.LParen, "'(' after " + token.Text.ToUpperInvariant());
                var left = Scalar(depth);
                Expect(TokenKind.Comma, "','");
                var right = Scalar(depth);
                Expect(TokenKind.RParen, "')'");
                return new Cql2Spatial(spatial, left, right);
            }
            if (token.Kind == TokenKind.Word && (token.Text.StartsWith("T_", StringComparison.OrdinalIgnoreCase) || token.Text.StartsWith("A_", StringComparison.OrdinalIgnoreCase)))
            {
                var after = PeekAfter();
                if (after.Kind == TokenKind.LParen)
                    throw new Cql2Exception($"at position {token.Position}: {token.Text.ToUpperInvariant()} is a temporal or array function, which this server does not support", token.Position);
            }
            var value = Scalar(depth);
            return Predicate(value, depth);
        }

        private Cql2Expression Predicate(Cql2Expression value, int depth)
        {
            // A boolean literal stands alone as a predicate (booleanPrimary), unless it is compared.
            if (value is Cql2Literal { Value: bool } && lexer.Peek().Kind != TokenKind.Operator) return value;
            var token = lexer.Next();
            if (token.Kind == TokenKind.Operator) return new Cql2Comparison(Cql2Names.Compare[token.Text], value, Scalar(depth));
            var negated = false;
            if (token.IsWord("NOT")) { negated = true; token = lexer.Next(); }
            Cql2Expression result;
            if (token.IsWord("LIKE")) result = new Cql2Like(value, Scalar(depth));
            else if (token.IsWord("BETWEEN"))
            {
                var low = Scalar(depth);
                ExpectWord("AND");
                result = new Cql2Between(value, low, Scalar(depth));
            }
            else if (token.IsWord("IN"))
            {
                Expect(TokenKind.LParen, "'(' opening the IN list");
                var list = new List<Cql2Expression> { Scalar(depth) };
                while (lexer.Peek().Kind == TokenKind.Comma) { lexer.Next(); list.Add(Scalar(depth)); }
                Expect(TokenKind.RParen, "',' or ')' closing the IN list");
                result = new Cql2In(value, list);
            }
            else if (token.IsWord("IS") && !negated)
            {
                var not = lexer.Peek().IsWord("NOT");
                if (not) lexer.Next();
                ExpectWord("NULL");
                return not ? new Cql2Not(new Cql2IsNull(value)) : new Cql2IsNull(value);
            }
            else
            {
                throw new Cql2Exception(negated
                    ? $"at position {token.Position}: expected LIKE, BETWEEN or IN after NOT, found {token.Describe()}"
                    : $"at position {token.Position}: expected a comparison operator (=, <>, <, >, <=, >=), LIKE, BETWEEN, IN or IS NULL, found {token.Describe()}",
                    token.Position);
            }
            return negated ? new Cql2Not(result) : result;
        }

        private Cql2Expression Scalar(int depth)
        {
            var startOffset = SkipSpace();
            var token = lexer.Next();
            switch (token.Kind)
            {
                case TokenKind.String: return new Cql2Literal(token.Text);
                case TokenKind.Number: return new Cql2Literal(token.Number);
                case TokenKind.QuotedName: return new Cql2Property(token.Text);
                case TokenKind.Word: break;
                default:
                    throw new Cql2Exception($"at position {token.Position}: expected a property name or a value, found {token.Describe()}", token.Position);
            }
            var word = token.Text.ToUpperInvariant();
            if (word is "TRUE" or "FALSE") return new Cql2Literal(word == "TRUE");
            if (word is "DATE" or "TIMESTAMP") return Instant(word, token);
            if (word == "CASEI")
            {
                Expect(TokenKind.LParen, "'(' after CASEI");
                var arg = Scalar(depth + 1);
                Expect(TokenKind.RParen, "')'");
                return new Cql2CaseInsensitive(arg);
            }
            if (word == "ACCENTI")
                throw new Cql2Exception($"at position {token.Position}: ACCENTI (accent-insensitive comparison) is not supported by this server", token.Position);
            if (word == "BBOX") return Bbox(token);
            if (Cql2Names.WktKeywords.Contains(word)) return Geometry(startOffset, token);
            if (Cql2Names.Reserved.Contains(word))
                throw new Cql2Exception($"at position {token.Position}: expected a property name or a value, found the keyword {word}", token.Position);
            if (lexer.Peek().Kind == TokenKind.LParen)
                throw new Cql2Exception($"at position {token.Position}: unknown function '{token.Text}'; this server knows CASEI, DATE, TIMESTAMP, BBOX and the S_ spatial functions", token.Position);
            return new Cql2Property(token.Text);
        }

        private Cql2Literal Instant(string word, Token token)
        {
            Expect(TokenKind.LParen, $"'(' after {word}");
            var value = lexer.Next();
            if (value.Kind != TokenKind.String)
                throw new Cql2Exception($"at position {value.Position}: expected a quoted {(word == "DATE" ? "date like '2026-01-31'" : "timestamp like '2026-01-31T08:00:00Z'")}, found {value.Describe()}", value.Position);
            Expect(TokenKind.RParen, "')'");
            if (word == "DATE")
            {
                if (DateOnly.TryParseExact(value.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return new(day);
            }
            else if (value.Text.EndsWith('Z') && DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return new(at.ToUniversalTime());
            }
            throw new Cql2Exception($"at position {value.Position}: '{value.Text}' is not a valid {(word == "DATE" ? "date (YYYY-MM-DD)" : "UTC timestamp (RFC 3339 ending in Z)")}", value.Position);
        }

        private Cql2Geometry Bbox(Token token)
        {
            Expect(TokenKind.LParen, "'(' after BBOX");
            var numbers = new List<double>();
            do
            {
                var n = lexer.Next();
                if (n.Kind != TokenKind.Number) throw new Cql2Exception($"at position {n.Position}: expected a number in BBOX, found {n.Describe()}", n.Position);
                numbers.Add(n.Number);
            } while (lexer.Peek().Kind == TokenKind.Comma && lexer.Next().Kind == TokenKind.Comma);
            Expect(TokenKind.RParen, "')' closing BBOX");
            if (numbers.Count is not (4 or 6))
                throw new Cql2Exception($"at position {token.Position}: BBOX takes 4 or 6 numbers, found {numbers.Count}", token.Position);
            var half = numbers.Count / 2;
            var (minX, minY, maxX, maxY) = (numbers[0], numbers[1], numbers[half], numbers[half + 1]);
            if (minX > maxX || minY > maxY)
                throw new Cql2Exception($"at position {token.Position}: BBOX minimum exceeds maximum", token.Position);
            return new(new GeometryFactory().ToGeometry(new Envelope(minX, maxX, minY, maxY)));
        }

        private Cql2Geometry Geometry(int startOffset, Token token)
        {
            var wkt = lexer.ReadBalanced(startOffset);
            try
            {
                var geometry = Wkt.Read(wkt);
                if (!geometry.IsValid && geometry is Polygon or MultiPolygon)
                    throw new Cql2Exception($"at position {token.Position}: the {token.Text.ToUpperInvariant()} is not a valid geometry (self-intersecting or unclosed ring)", token.Position);
                return new(geometry);
            }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
            {
                throw new Cql2Exception($"at position {token.Position}: the {token.Text.ToUpperInvariant()} cannot be read as WKT: {e.Message}", token.Position);
            }
        }

        /// <summary>The token after the next one, reading nothing.</summary>
        private Token PeekAfter()
        {
            var save = lexer.Offset;
            lexer.Next();
            var after = lexer.Peek();
            lexer.Reset(save);
            return after;
        }

        /// <summary>The 0-based offset where the next token starts.</summary>
        private int SkipSpace() => lexer.Peek().Position - 1;

        private void Expect(TokenKind kind, string what)
        {
            var token = lexer.Next();
            if (token.Kind != kind) throw new Cql2Exception($"at position {token.Position}: expected {what}, found {token.Describe()}", token.Position);
        }

        private void ExpectWord(string word)
        {
            var token = lexer.Next();
            if (!token.IsWord(word)) throw new Cql2Exception($"at position {token.Position}: expected {word}, found {token.Describe()}", token.Position);
        }
    }
}
