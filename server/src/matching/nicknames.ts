/**
 * Common English short forms of first names. Each group is one name and its usual short forms;
 * two names agree as nicknames when they share a group.
 */
const GROUPS: readonly string[] = [
  'william bill billy will willy liam',
  'robert rob robbie bob bobby bert',
  'margaret peggy maggie meg megan marge madge',
  'elizabeth liz lizzie beth betty bess eliza libby',
  'katherine catherine kathryn kate katie kathy cathy kat kay',
  'james jim jimmy jamie',
  'john jack johnny jon',
  'richard rick ricky dick rich',
  'michael mike mick mickey micky',
  'thomas tom tommy',
  'anthony tony ant',
  'christopher chris kit',
  'christine chris chrissie tina',
  'daniel dan danny',
  'david dave davy',
  'edward ed eddie ted teddy ned',
  'alexander alex alec sandy',
  'alexandra alex lexi sandra',
  'andrew andy drew',
  'benjamin ben benny',
  'charles charlie chas chuck',
  'charlotte charlie lottie',
  'samuel sam sammy',
  'samantha sam sammy',
  'joseph joe joey',
  'josephine jo josie',
  'jennifer jen jenny',
  'patricia pat patty trish',
  'patrick pat paddy',
  'susan sue susie',
  'deborah debbie deb',
  'rebecca becky becca',
  'victoria vicky tori',
  'nicholas nick nicky',
  'nicola nicky nikki',
  'stephen steve stevie',
  'steven steve stevie',
  'matthew matt',
  'jonathan jon jonny',
  'timothy tim timmy',
  'peter pete',
  'kenneth ken kenny',
  'ronald ron ronnie',
  'donald don donnie',
  'gerald gerry',
  'leonard len lenny leo',
  'frederick fred freddie',
  'henry harry hal',
  'harold harry hal',
  'abigail abbie abby',
  'amanda mandy',
  'dorothy dot dolly',
  'mary molly polly',
  'sarah sally',
  'helen nell nellie',
  'eleanor ellie nell',
  'joshua josh',
  'zachary zach zac',
  'gabriel gabe',
  'nathaniel nathan nat',
  'kimberley kim',
  'jacqueline jackie',
  'theodore theo ted',
  'frances fran frankie',
  'francis frank frankie',
  'lawrence larry laurie',
  'mohammed mohammad muhammad mohamed mo',
  'oliver ollie olly',
  'olivia liv livvy',
  'isabella isabel bella izzy',
  'sophia sophie',
];

const groupsByName = new Map<string, Set<number>>();
GROUPS.forEach((group, index) => {
  for (const name of group.split(' ')) {
    const set = groupsByName.get(name) ?? new Set<number>();
    set.add(index);
    groupsByName.set(name, set);
  }
});

/** True when one normalised first name is a known short form of the other (or both of one full name). */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const ga = groupsByName.get(a);
  const gb = groupsByName.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}
