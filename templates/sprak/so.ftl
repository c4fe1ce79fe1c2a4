# Somali (Latin script). A first version by the saksdok developers, not
# yet checked.
velkommen = Ku soo dhowow { $sted }!
hei = Salaan { $fornavn }!
intro = Annaga oo ah adeegga daryeelka carruurta ee degmada { $sted }, waan ku faraxsanahay inaad halkan ku noolaan doonto. Warqaddan waxaad ku akhrisan kartaa cidda aan nahay, halka aad ku noolaan doonto, iyo waxa dhici doona maalmaha ugu horreeya.
hvem-tittel = Yaa nahay?
hvem-saerkontakt = Markaad timaaddo, waxaad yeelan doontaa qof xiriir gaar ah («særkontakt»). Qofkaaga xiriirka gaarka ah waa { $saerkontakt }: qofka weyn ee kula socda nolol maalmeedkaaga, kaa caawiya waxaad u baahan tahay, oo kula hadla xaaladdaada.
hvem-saksbehandler = Shaqaalaha ka masuulka ah kiiskaaga ee adeegga daryeelka carruurta waa { $saksbehandler }.
bo-tittel = Halka aad ku noolaan doonto
bo-adresse = Waxaad ku noolaan doontaa { $bosted }, { $adresse }.
bo-andre = Halkaas waxaa ku nool dhallinyaro kale, waxaana had iyo jeer shaqada jooga dad waaweyn.
flytte-tittel = Maalinta guuritaanka
flytte-dag = Maalinta aad halkan u soo guurayso waa { $flyttedag }. Waxaan kaaga hor imaan doonnaa { $motested }, { $ankomst }.
rett-tittel = Xuquuqdaada
rett-tolk = Waxaad xaq u leedahay turjubaan markaad nala hadlayso.
rett-verge = Wakiilkaaga sharciga ah waa { $verge }. Wakiilku wuxuu ilaaliyaa xuquuqdaada ilaa aad ka gaarayso 18 sano, wuxuuna helayaa nuqul warqaddan ah.
rett-taushet = Waxaa nagu waajib ah sir-hayn. Waxaad noo sheegto lama wadaagno dad kale, haddii aadan oggolaan ama sharcigu nagu waajibin mooyee.
rett-mening = Waxaad xaq u leedahay inaad fikradaada sheegto, waxaanan ku dhageysan doonnaa ka hor intaanan go'aan ka gaarin wax kasta oo adiga ku saabsan.
rett-klage = Haddii aadan nagu qanacsanayn, waxaad u sheegi kartaa qofkaaga xiriirka gaarka ah, shaqaalaha kiiskaaga ama wakiilkaaga. Waxaad sidoo kale cabasho u gudbin kartaa Statsforvalteren (guddoomiyaha gobolka).
tolk-tittel = Turjubaan
tolk-rett = Marka ay lagama maarmaan u tahay in si sax ah laguu caawiyo, hay'adaha dowladda waa inay adeegsadaan turjubaan u qalma (Sharciga Turjubaannada, qodobbada 4 iyo 6). Turjubaanku wuxuu leeyahay waajib sir-hayn.
tolk-be = U sheeg qofkaaga xiriirka gaarka ah ama shaqaalaha kiiskaaga haddii aad u baahan tahay turjubaan, iyo luqadda aad rabto. Annaga ayaa ballansanna turjubaanka oo bixinna lacagtiisa.
tolk-barn = Carruurta waligood looma adeegsan karo turjubaan ahaan. Adiguna kuma khasbana inaad dadka kale u turjunto.
telefon-tittel = Lambarrada taleefanka ee muhiimka ah
telefon-tekst = Lambarrada taleefanka ee muhiimka ah waxay ku qoran yihiin warqadda Noorwiijiga, hoosta «Viktige telefonnumre». Haddii nolol ama caafimaad qof khatar ku jiro, wac 113 (ambalaas) ama 112 (booliska).
slutt = Waxaan rajaynaynaa inaan ku aragno!
gyldig = Tani waa turjumaadda warqadda Noorwiijiga. Qoraalka Noorwiijiga ayaa ah kan sharci ahaan ansax ah.
utkast = Qabyo – turjumaaddan weli lama hubin.
