using System.Globalization;
using System.Text;

namespace LandMap.Core.Cql2;

internal enum TokenKind { Word, QuotedName, String, Number, LParen, RParen, Comma, Operator, End }

/// <summary>One token with its 1-based position in the filter text.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0)
{
    public bool IsWord(string word) => Kind == TokenKind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the filter",
        TokenKind.String => $"the text '{Text}'",
        _ => $"'{Text}'",
    };
}

/// <summary>Splits cql2-text into tokens. Strings take '' or \' for a quote; names may be "double-quoted".</summary>
internal sealed class Cql2Lexer(string text)
{
    private int _at;

    public string Text => text;

    public int Offset => _at;

    public Token Next()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        var start = _at;
        if (_at >= text.Length) return new(TokenKind.End, "", start + 1);
        var c = text[_at];
        switch (c)
        {
            case '(': _at++; return new(TokenKind.LParen, "(", start + 1);
            case ')': _at++; return new(TokenKind.RParen, ")", start + 1);
            case ',': _at++; return new(TokenKind.Comma, ",", start + 1);
            case '=': _at++; return new(TokenKind.Operator, "=", start + 1);
            case '<' or '>':
                _at++;
                if (_at < text.Length && (text[_at] == '=' || (c == '<' && text[_at] == '>'))) _at++;
                return new(TokenKind.Operator, text[start.._at], start + 1);
            case '\'': return ReadString(start);
            case '"': return ReadQuotedName(start);
        }
        if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && _at + 1 < text.Length && (char.IsAsciiDigit(text[_at + 1]) || text[_at + 1] == '.')))
            return ReadNumber(start);
        if (char.IsLetter(c) || c == '_')
        {
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '_' or '.' or ':')) _at++;
            return new(TokenKind.Word, text[start.._at], start + 1);
        }
        throw new Cql2Exception($"at position {start + 1}: unexpected character '{c}'", start + 1);
    }

    public void Reset(int offset) => _at = offset;

    public Token Peek()
    {
        var save = _at;
        var token = Next();
        _at = save;
        return token;
    }

    /// <summary>The raw text from <paramref name="start"/> (0-based) through the parenthesis that closes the next one.</summary>
    public string ReadBalanced(int start)
    {
        var open = text.IndexOf('(', _at);
        if (open < 0) throw new Cql2Exception($"at position {_at + 1}: expected '(' of a geometry", _at + 1);
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0)
            {
                _at = i + 1;
                return text[start.._at];
            }
        }
        throw new Cql2Exception($"at position {text.Length + 1}: expected ')' closing the geometry that starts at position {start + 1}", text.Length + 1);
    }

    private Token ReadString(int start)
    {
        var sb = new StringBuilder();
        _at++;
        while (_at < text.Length)
        {
            var c = text[_at++];
            if (c == '\\' && _at < text.Length) { sb.Append(text[_at++]); continue; }
            if (c != '\'') { sb.Append(c); continue; }
            if (_at < text.Length && text[_at] == '\'') { sb.Append('\''); _at++; continue; }
            return new(TokenKind.String, sb.ToString(), start + 1);
        }
        throw new Cql2Exception($"at position {start + 1}: the text that starts here has no closing quote", start + 1);
    }

    private Token ReadQuotedName(int start)
    {
        var end = text.IndexOf('"', start + 1);
        if (end < 0) throw new Cql2Exception($"at position {start + 1}: the quoted name that starts here has no closing quote", start + 1);
        _at = end + 1;
        return new(TokenKind.QuotedName, text[(start + 1)..end], start + 1);
    }

    private Token ReadNumber(int start)
    {
        if (text[_at] is '-' or '+') _at++;
        while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.')) _at++;
        if (_at < text.Length && text[_at] is 'e' or 'E')
        {
            _at++;
            if (_at < text.Length && text[_at] is '-' or '+') _at++;
            while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
        }
        var raw = text[start.._at];
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new Cql2Exception($"at position {start + 1}: '{raw}' is not a number", start + 1);
        return new(TokenKind.Number, raw, start + 1, value);
    }
}
