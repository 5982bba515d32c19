using System.Reflection;
using System.Text;

namespace LandMap.Core;

/// <summary>Reads the reference tables shipped in data/ and embedded into this assembly (RFC 4180 quoting).</summary>
internal static class ReferenceCsv
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(string fileName)
    {
        var name = $"LandMap.Data.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded reference table {name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = ParseLine(lines[0]);
        return lines.Skip(1)
            .Select(ParseLine)
            .Select(cells => (IReadOnlyDictionary<string, string>)header
                .Select((h, i) => (h, v: i < cells.Count ? cells[i] : ""))
                .ToDictionary(p => p.h, p => p.v))
            .ToList();
    }

    public static List<string> ParseLine(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
