# The Norwegian source of the translated part of the welcome letter: the
# message ids every catalogue has. Variables: $fornavn, $sted (the
# municipality's short name), $saerkontakt, $saksbehandler, $bosted,
# $adresse, $flyttedag, $ankomst, $motested, $verge.
velkommen = Velkommen til { $sted }!
hei = Hei { $fornavn }!
intro = Vi i barnevernstjenesten i { $sted } gleder oss til at du skal bo her. I dette brevet kan du lese hvem vi er, hvor du skal bo, og hva som skjer de første dagene.
hvem-tittel = Hvem er vi?
hvem-saerkontakt = Når du kommer, får du en særkontakt. Særkontakten din er { $saerkontakt }: den voksne som følger deg opp i hverdagen, hjelper deg med det du trenger og snakker med deg om hvordan du har det.
hvem-saksbehandler = Saksbehandleren din i barnevernstjenesten er { $saksbehandler }.
bo-tittel = Der du skal bo
bo-adresse = Du skal bo i { $bosted }, { $adresse }.
bo-andre = Der bor det andre ungdommer, og det er alltid voksne på jobb.
flytte-tittel = Flyttedagen
flytte-dag = Du flytter hit { $flyttedag }. Vi møter deg { $ankomst } ved { $motested }.
rett-tittel = Dine rettigheter
rett-tolk = Du har rett til tolk når du snakker med oss.
rett-verge = Vergen din er { $verge }. Vergen skal passe på rettighetene dine til du fyller 18 år, og får kopi av dette brevet.
rett-taushet = Vi har taushetsplikt. Det du forteller oss, deler vi ikke med andre uten at du samtykker eller loven sier at vi må.
rett-mening = Du har rett til å si din mening, og vi skal lytte til deg før vi bestemmer noe som gjelder deg.
rett-klage = Er du ikke fornøyd med oss, kan du si fra til særkontakten, saksbehandleren eller vergen din. Du kan også klage til Statsforvalteren.
tolk-tittel = Tolk
tolk-rett = Når det trengs for å hjelpe deg på riktig måte, skal det offentlige bruke en kvalifisert tolk (tolkeloven §§ 4 og 6). Tolken har taushetsplikt.
tolk-be = Si fra til særkontakten eller saksbehandleren din hvis du trenger tolk, og på hvilket språk. Vi bestiller og betaler tolken.
tolk-barn = Barn skal aldri brukes som tolk. Du skal heller ikke tolke for andre.
telefon-tittel = Viktige telefonnumre
telefon-tekst = De viktige telefonnumrene står i det norske brevet, under «Viktige telefonnumre». Ved fare for liv og helse ringer du 113 (ambulanse) eller 112 (politi).
slutt = Vi gleder oss til å møte deg!
gyldig = Dette er en oversettelse av det norske brevet. Den norske teksten er den som gjelder.
utkast = Utkast – oversettelsen er ikke kontrollert.
# The «min plan» summary (variables also $fra, $til, $evaluering).
plan-tittel = Planen din på ditt eget språk
plan-intro = Dette er et sammendrag av planen din («min plan»): hva du vil oppnå, hva som skal gjøres, og hvem som hjelper deg. Målene og tiltakene står slik de er skrevet i planen, på norsk.
plan-periode = Planen gjelder fra { $fra } til { $til }.
plan-maal-tittel = Målene dine
plan-tiltak-tittel = Dette skal gjøres
plan-evaluering = Vi går gjennom planen sammen med deg innen { $evaluering }.
plan-kontakt-tittel = Hvem du kan kontakte
plan-kontakt = Særkontakten din er { $saerkontakt }, og saksbehandleren din er { $saksbehandler }. Ta kontakt med dem hvis du har spørsmål, eller hvis noe i planen bør endres.
plan-signatur = Du skriver under på den norske planen. Du kan be om at planen endres når som helst.
plan-gyldig = Dette er en oversettelse av et sammendrag av planen. Den norske planen er den som gjelder.
