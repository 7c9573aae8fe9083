using System.Collections.Frozen;
using ClustersCord.Domain.Common;

namespace ClustersCord.Domain.Catalogue;

public sealed record Topic(string Id, IReadOnlyDictionary<string, string> Labels)
{
    public string LabelIn(string language) => Labels.TryGetValue(language, out var label) ? label : Labels[Language.Default];
}

/// <summary>
/// The suggested vocabulary of what clusters offer and seek: the cooperation topics cluster organisations
/// name most often when they look for partners abroad. Profiles may use these ids or phrases of their own;
/// a phrase equal to a topic's id or to one of its labels, in any language, is that topic.
/// </summary>
public static class Topics
{
    public static readonly IReadOnlyList<Topic> All =
    [
        T("internationalisation", "Internationalisation of SMEs", "Internacionalizace MSP", "Internationalisierung von KMU", "Internazionalizzazione delle PMI",
            "Umiędzynarodowienie MŚP", "Internacionalizácia MSP", "KKV-k nemzetköziesítése", "Internacionalizacija MSP"),
        T("market-access", "Market access", "Přístup na trhy", "Marktzugang", "Accesso ai mercati",
            "Dostęp do rynków", "Prístup na trhy", "Piacra jutás", "Dostop do trgov"),
        T("joint-rd", "Joint R&D projects", "Společné projekty výzkumu a vývoje", "Gemeinsame F&E-Projekte", "Progetti comuni di R&S",
            "Wspólne projekty B+R", "Spoločné projekty výskumu a vývoja", "Közös K+F projektek", "Skupni raziskovalno-razvojni projekti"),
        T("technology-transfer", "Technology transfer", "Transfer technologií", "Technologietransfer", "Trasferimento tecnologico",
            "Transfer technologii", "Transfer technológií", "Technológiatranszfer", "Prenos tehnologij"),
        T("innovation-services", "Innovation services", "Inovační služby", "Innovationsdienstleistungen", "Servizi per l'innovazione",
            "Usługi proinnowacyjne", "Inovačné služby", "Innovációs szolgáltatások", "Inovacijske storitve"),
        T("staff-training", "Training of staff", "Vzdělávání zaměstnanců", "Weiterbildung von Mitarbeitenden", "Formazione del personale",
            "Szkolenia pracowników", "Vzdelávanie zamestnancov", "Munkavállalók képzése", "Usposabljanje zaposlenih"),
        T("cluster-management", "Cluster management excellence", "Excelence řízení klastrů", "Exzellenz im Clustermanagement", "Eccellenza nella gestione dei cluster",
            "Doskonałość zarządzania klastrem", "Excelentnosť riadenia klastrov", "Klasztermenedzsment-kiválóság", "Odličnost upravljanja grozdov"),
        T("funding", "Funding and EU programmes", "Financování a programy EU", "Finanzierung und EU-Programme", "Finanziamenti e programmi UE",
            "Finansowanie i programy UE", "Financovanie a programy EÚ", "Finanszírozás és uniós programok", "Financiranje in programi EU"),
        T("investment", "Investment and venture capital", "Investice a rizikový kapitál", "Investitionen und Wagniskapital", "Investimenti e capitale di rischio",
            "Inwestycje i kapitał wysokiego ryzyka", "Investície a rizikový kapitál", "Befektetés és kockázati tőke", "Naložbe in tvegani kapital"),
        T("public-procurement", "Joint public procurement", "Společné veřejné zakázky", "Gemeinsame öffentliche Beschaffung", "Appalti pubblici congiunti",
            "Wspólne zamówienia publiczne", "Spoločné verejné obstarávanie", "Közös közbeszerzés", "Skupna javna naročila"),
        T("supply-chain", "Supply chain partners", "Partneři v dodavatelském řetězci", "Partner in der Lieferkette", "Partner nella catena di fornitura",
            "Partnerzy w łańcuchu dostaw", "Partneri v dodávateľskom reťazci", "Beszállítói partnerek", "Partnerji v dobavni verigi"),
        T("digitalisation", "Digitalisation", "Digitalizace", "Digitalisierung", "Digitalizzazione",
            "Cyfryzacja", "Digitalizácia", "Digitalizáció", "Digitalizacija"),
        T("sustainability", "Sustainability and circular economy", "Udržitelnost a oběhové hospodářství", "Nachhaltigkeit und Kreislaufwirtschaft", "Sostenibilità ed economia circolare",
            "Zrównoważony rozwój i gospodarka obiegu zamkniętego", "Udržateľnosť a obehové hospodárstvo", "Fenntarthatóság és körforgásos gazdaság", "Trajnost in krožno gospodarstvo"),
        T("testing-facilities", "Testing and demonstration facilities", "Testovací a demonstrační zařízení", "Test- und Demonstrationseinrichtungen", "Strutture di prova e dimostrazione",
            "Infrastruktura testowa i demonstracyjna", "Testovacie a demonštračné zariadenia", "Tesztelési és demonstrációs létesítmények", "Preizkusne in demonstracijske zmogljivosti"),
        T("study-visits", "Study visits and matchmaking events", "Studijní cesty a kooperační setkání", "Studienreisen und Kooperationsbörsen", "Visite di studio ed eventi di matchmaking",
            "Wizyty studyjne i spotkania kooperacyjne", "Študijné cesty a kooperačné podujatia", "Tanulmányutak és partnerkereső rendezvények", "Študijski obiski in srečanja za iskanje partnerjev"),
        T("policy-dialogue", "Policy dialogue with public authorities", "Dialog s veřejnou správou", "Politikdialog mit Behörden", "Dialogo con le autorità pubbliche",
            "Dialog z administracją publiczną", "Dialóg s verejnou správou", "Párbeszéd a hatóságokkal", "Dialog z javnimi organi"),
        T("benchmarking", "Benchmarking and peer learning", "Benchmarking a vzájemné učení", "Benchmarking und Peer-Learning", "Benchmarking e apprendimento tra pari",
            "Benchmarking i wzajemne uczenie się", "Benchmarking a vzájomné učenie", "Benchmarking és egymástól tanulás", "Primerjalna analiza in medsebojno učenje"),
        T("talent", "Talent attraction and skills", "Získávání talentů a dovednosti", "Fachkräftegewinnung und Kompetenzen", "Attrazione di talenti e competenze",
            "Pozyskiwanie talentów i umiejętności", "Získavanie talentov a zručnosti", "Tehetségvonzás és készségek", "Pridobivanje talentov in veščine"),
    ];

    private static readonly FrozenDictionary<string, string> ByFoldedPhrase = All
        .SelectMany(t => t.Labels.Values.Append(t.Id).Select(phrase => (Folded: TextFolding.Fold(phrase), t.Id)))
        .DistinctBy(x => x.Folded)
        .ToFrozenDictionary(x => x.Folded, x => x.Id);

    /// <summary>The form topics are compared in: a vocabulary id when the phrase is one of its names, else the folded phrase.</summary>
    public static string Canonical(string phrase)
    {
        var folded = TextFolding.Fold(phrase);
        return ByFoldedPhrase.TryGetValue(folded, out var id) ? id : folded;
    }

    public static Topic? Find(string id) => All.FirstOrDefault(t => t.Id == id);

    private static Topic T(string id, string en, string cs, string de, string it, string pl, string sk, string hu, string sl)
        => new(id, new Dictionary<string, string> { ["en"] = en, ["cs"] = cs, ["de"] = de, ["it"] = it, ["pl"] = pl, ["sk"] = sk, ["hu"] = hu, ["sl"] = sl });
}
